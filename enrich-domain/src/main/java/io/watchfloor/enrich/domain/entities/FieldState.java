package io.watchfloor.enrich.domain.entities;

import java.util.ArrayList;
import java.util.List;

/** Per-field working state: the tokens, the candidates, those waiting for confirmation, and the selection. */
final class FieldState {
    final String name;
    final TokenSeq t;
    final List<Candidate> cands = new ArrayList<>();
    final List<Candidate> pending = new ArrayList<>();
    final List<Candidate> selected = new ArrayList<>();
    final boolean[] covered;
    /** The gazetteer's match check for this field's tokens, made once. */
    PhraseTrie.Check<Lexicon.Entry> acceptable;

    FieldState(String name, TokenSeq t) {
        this.name = name;
        this.t = t;
        this.covered = new boolean[t.size];
    }

    boolean free(int s, int e) {
        for (int i = s; i < e; i++) {
            if (covered[i]) {
                return false;
            }
        }
        return true;
    }

    void take(Candidate c) {
        for (int i = c.s; i < c.e; i++) {
            covered[i] = true;
        }
        selected.add(c);
    }
}
