// Watchfloor analyst view: optional enhancement. Every page works without it (links and :target do the rest).
(function () {
  'use strict';

  function select(tag) {
    document.querySelectorAll('.ev.sel, .tag.sel').forEach(function (el) { el.classList.remove('sel'); });
    if (!tag) { return; }
    document.querySelectorAll('.ev[data-tags]').forEach(function (el) {
      if (el.getAttribute('data-tags').split(' ').indexOf(tag) >= 0) { el.classList.add('sel'); }
    });
    var panel = document.getElementById('tag-' + tag);
    if (panel) { panel.classList.add('sel'); }
  }

  document.addEventListener('click', function (e) {
    var mark = e.target.closest ? e.target.closest('a.ev[data-tags]') : null;
    if (mark) {
      select(mark.getAttribute('data-tags').split(' ')[0]);
      return;
    }
    var link = e.target.closest ? e.target.closest('a.evidence-link') : null;
    if (link) {
      e.preventDefault();
      var tag = link.getAttribute('data-tag');
      select(tag);
      var selector = 'a.ev[data-field="' + link.getAttribute('data-field') + '"]';
      var start = parseInt(link.getAttribute('data-start'), 10);
      var marks = document.querySelectorAll(selector);
      for (var i = 0; i < marks.length; i++) {
        var m = marks[i];
        if (parseInt(m.getAttribute('data-start'), 10) <= start && start < parseInt(m.getAttribute('data-end'), 10)) {
          m.scrollIntoView({block: 'center'});
          m.focus();
          break;
        }
      }
    }
  });

  document.addEventListener('keydown', function (e) {
    // "/" jumps to the search box, as on most search pages
    if (e.key === '/' && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
      var q = document.getElementById('q');
      if (q) { e.preventDefault(); q.focus(); }
    }
  });

  window.addEventListener('DOMContentLoaded', function () {
    var hash = window.location.hash;
    if (hash && hash.indexOf('#tag-') === 0) { select(hash.substring(5)); }
  });
  // Alerts: a form with data-confirm asks first (delete); without the script it submits directly.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { e.preventDefault(); }
  });

  // Alerts: the subscription form's preview follows the filter as it is typed. The server renders (and escapes)
  // the panel; the script swaps it in and copies the field problems it lists next to their fields as text.
  // Without the script, the form's Preview button renders the same panel with a full page.
  function livePreview(form) {
    var panel = document.getElementById('preview');
    var timer = null;
    var seq = 0;
    // the preview checks the filter only: its answer replaces whatever the filter fields showed before
    function clearFilterErrors() {
      form.querySelectorAll('.filter-fields .field-error').forEach(function (el) {
        el.textContent = '';
        var field = el.closest('.field');
        if (field) { field.classList.remove('field-invalid'); }
      });
    }
    function showErrors(root) {
      clearFilterErrors();
      root.querySelectorAll('.problems li[data-field]').forEach(function (li) {
        var target = form.querySelector('.field-error[data-error-for="' + li.getAttribute('data-field') + '"]');
        var text = li.querySelector('.problem-text');
        if (target && text) {
          var line = document.createElement('span');
          line.className = 'error-line';
          line.textContent = text.textContent;
          target.appendChild(line);
          var field = target.closest('.field');
          if (field) { field.classList.add('field-invalid'); }
        }
      });
    }
    function run() {
      var mine = ++seq;
      var data = new URLSearchParams(new FormData(form));
      data.set('action', 'preview');
      panel.setAttribute('aria-busy', 'true');
      fetch(form.getAttribute('data-preview-url'), {
        method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: data.toString()
      }).then(function (r) { return r.text(); }).then(function (html) {
        if (mine !== seq) { return; }
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.body.querySelector('.preview');
        if (fresh) {
          while (panel.firstChild) { panel.removeChild(panel.firstChild); }
          panel.appendChild(document.importNode(fresh, true));
          showErrors(panel);
        }
        panel.setAttribute('aria-busy', 'false');
      }).catch(function () {
        if (mine === seq) { panel.setAttribute('aria-busy', 'false'); }
      });
    }
    function later() {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(run, 600);
    }
    form.addEventListener('input', function (e) {
      if (e.target.name !== 'webhookSecret' && e.target.name !== 'webhookUrl' && e.target.name !== 'digest') { later(); }
    });
    form.addEventListener('change', function (e) {
      if (e.target.type === 'checkbox' || e.target.tagName === 'SELECT') { later(); }
    });
  }

  window.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('subscription-form');
    if (form && window.fetch && window.DOMParser && window.URLSearchParams) { livePreview(form); }
  });
})();
