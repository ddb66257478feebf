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
})();
