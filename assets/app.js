/* okr: the web UI's one script. Every page works without it; it only makes the work faster:
   - forms marked data-inplace="ROW_ID" (check-ins) are sent with fetch and the server's fresh
     row replaces the old one, so the page never reloads and the focus stays put;
   - opening a check-in puts the cursor in its value field;
   - pickers marked data-autosubmit apply on change;
   - buttons marked data-print print the page (the dossier);
   - alignment map nodes (details data-load=URL) read their inside when they first open;
   - the coach's hints appear beside a form marked data-hints while it is being written.
   No framework, no inline script (the CSP forbids it), no data from the page is ever turned
   into markup: only the server's own HTML fragments are inserted. */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function announce(text) {
    var live = document.getElementById('live');
    if (!live || !text) { return; }
    live.textContent = '';
    window.setTimeout(function () { live.textContent = text; }, 30);
  }

  /* The server's answer: elements with ids. The first is the row; the others (an objective's
     progress...) replace the elements of the same id on the page. */
  function fragments(html) {
    var tpl = document.createElement('template');
    tpl.innerHTML = html.trim();
    return Array.prototype.slice.call(tpl.content.children);
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-inplace') || !window.fetch) {
      return;
    }
    var row = document.getElementById(form.getAttribute('data-inplace'));
    if (!row) { return; }
    ev.preventDefault();
    var buttons = form.querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      headers: { 'X-Requested-With': 'fetch' },
      credentials: 'same-origin'
    }).then(function (res) {
      if (res.redirected) { window.location.href = res.url; return null; }
      return res.text().then(function (text) { return { ok: res.ok, text: text }; });
    }).then(function (answer) {
      if (!answer) { return; }
      var parts = fragments(answer.text);
      var fresh = parts[0];
      if (!fresh || fresh.id !== row.id) { form.submit(); return; }
      row.replaceWith(fresh);
      parts.slice(1).forEach(function (el) {
        var old = el.id ? document.getElementById(el.id) : null;
        if (old) { old.replaceWith(el); }
      });
      if (answer.ok) {
        fresh.classList.add('saved');
        var toggle = fresh.querySelector('summary');
        if (toggle) { toggle.focus(); }
        announce(fresh.getAttribute('data-notice'));
      } else {
        var bad = fresh.querySelector('[aria-invalid="true"]') ||
          fresh.querySelector('input[name="value"]');
        if (bad) { bad.focus(); }
        announce(fresh.getAttribute('data-notice'));
      }
    }).catch(function () {
      buttons.forEach(function (b) { b.disabled = false; });
      form.submit();
    });
  });

  /* Alignment map: a node's inside is read when it first opens. */
  function loadNode(d) {
    var url = d.getAttribute('data-load');
    var body = d.querySelector('.node-body');
    if (!url || !body || d.hasAttribute('data-loaded') || !window.fetch) { return; }
    d.setAttribute('data-loaded', '');
    d.setAttribute('aria-busy', 'true');
    fetch(url, { headers: { 'X-Requested-With': 'fetch' }, credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok || res.redirected) { throw new Error('status ' + res.status); }
        return res.text();
      })
      .then(function (text) {
        var fresh = fragments(text)[0];
        if (fresh && fresh.id === body.id) { body.replaceWith(fresh); }
        d.removeAttribute('aria-busy');
      })
      .catch(function () {
        d.removeAttribute('data-loaded');
        d.removeAttribute('aria-busy');
      });
  }

  /* toggle does not bubble: listen in the capture phase. */
  document.addEventListener('toggle', function (ev) {
    var d = ev.target;
    if (d instanceof HTMLDetailsElement && d.open && d.hasAttribute('data-load')) {
      loadNode(d);
    }
    if (d instanceof HTMLDetailsElement && d.open && d.classList.contains('kr-check')) {
      var input = d.querySelector('input[name="value"]');
      if (input) { input.focus(); input.select(); }
    }
  }, true);

  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape') { return; }
    var d = ev.target instanceof Element ? ev.target.closest('details.kr-check[open]') : null;
    if (d) {
      d.open = false;
      var s = d.querySelector('summary');
      if (s) { s.focus(); }
    }
  });

  // The dossier's Print button (hidden without JavaScript: the browser's own print works).
  var print = document.querySelectorAll('[data-print]');
  for (var i = 0; i < print.length; i++) {
    print[i].hidden = false;
    print[i].addEventListener('click', function () { window.print(); });
  }

  document.addEventListener('change', function (ev) {
    var t = ev.target;
    if (t instanceof HTMLSelectElement && t.hasAttribute('data-autosubmit') && t.form) {
      t.form.submit();
    }
  });

  /* The OKR coach's inline hints while an objective or a key result is being written. A form
     marked data-hints="URL" (the new-objective form, the add-key-result form) is sent to URL
     (POST /objectives/hints) a moment after the person stops typing; the server answers with
     the hints box (id="coach-hints"), which replaces the one on the page. Without the script
     the form's "check" button asks for the same hints with a full page. */
  var HINTS_WAIT_MS = 400;

  function hintsBox() { return document.getElementById('coach-hints'); }

  function askHints(form) {
    if (!window.fetch || !hintsBox()) { return; }
    var body = new URLSearchParams(new FormData(form));
    body.delete('check');
    var mine = String((Number(form.getAttribute('data-asked')) || 0) + 1);
    form.setAttribute('data-asked', mine);
    fetch(form.getAttribute('data-hints'), {
      method: 'POST',
      body: body,
      headers: { 'X-Requested-With': 'fetch' },
      credentials: 'same-origin'
    }).then(function (res) {
      return res.ok ? res.text() : null;
    }).then(function (html) {
      /* Only the latest answer counts: an older one may arrive after a newer one. */
      if (!html || form.getAttribute('data-asked') !== mine) { return; }
      var fresh = fragments(html)[0];
      var old = hintsBox();
      if (fresh && fresh.id === 'coach-hints' && old) {
        old.replaceWith(fresh);
      }
    }).catch(function () { /* hints are an extra: the form still works */ });
  }

  var hintTimers = new WeakMap();
  function hintsLater(form) {
    window.clearTimeout(hintTimers.get(form));
    hintTimers.set(form, window.setTimeout(function () { askHints(form); }, HINTS_WAIT_MS));
  }

  function hinted(el) {
    var form = el && el.form;
    return form && form.hasAttribute('data-hints') ? form : null;
  }

  ['input', 'change'].forEach(function (type) {
    document.addEventListener(type, function (ev) {
      var form = hinted(ev.target);
      if (form) { hintsLater(form); }
    });
  });
  /* With the script, "check" asks in place rather than reloading the page. */
  document.addEventListener('click', function (ev) {
    var b = ev.target;
    if (b instanceof HTMLButtonElement && b.name === 'check' && hinted(b) && window.fetch) {
      ev.preventDefault();
      askHints(b.form);
    }
  });
})();
