package io.watchfloor.ingest.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One source from YAML, e.g. {@code watchfloor.feeds.sources.demo.url}. Keys: url, interval-seconds, headers,
 * username, password (take secrets from the environment: {@code password: ${DEMO_FEED_PASSWORD:}}).
 */
@EachProperty("watchfloor.feeds.sources")
public class ConfiguredFeedSource {

    private final String name;
    private String url;
    private int intervalSeconds = 300;
    private Map<String, String> headers = new LinkedHashMap<>();
    private String username;
    private String password;

    public ConfiguredFeedSource(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public int getIntervalSeconds() {
        return intervalSeconds;
    }

    public void setIntervalSeconds(int intervalSeconds) {
        this.intervalSeconds = intervalSeconds;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    public void setHeaders(Map<String, String> headers) {
        this.headers = headers == null ? new LinkedHashMap<>() : headers;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
