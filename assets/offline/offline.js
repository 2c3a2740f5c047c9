// The offline page: sales, expenses and check-in scans kept in this phone's storage (localStorage) with ids
// made here, and sent to POST /api/sync when there is a signal: when the page opens, when the phone comes
// back online, on a retry timer that backs off, and on "Kirim sekarang". The server applies each id once, so
// sending an item twice is harmless. Items it refuses stay, with its message, until she removes them.
'use strict';
(() => {
  const QUEUE = 'berdaya.queue'; // [{item, show, state: 'waiting' | 'rejected', message}]; the logout warning reads it
  const SENT = 'berdaya.sent'; // the last items sent, with the server's answer, to show her
  const CLOCK = 'berdaya.clock'; // server clock minus phone clock, in ms, learnt from the last answer
  const SCAN = /^\/c\/[^/]+\/\d+\/[0-9a-f]+\/?$/i;
  const WHOLE_UNITS = ['pcs', 'kotak', 'bungkus', 'loyang', 'toples', 'ikat', 'karung']; // models/business.py
  const CHANNELS = ['tetangga', 'pasar', 'whatsapp', 'instagram', 'facebook', 'toko_online', 'pengepul', 'lainnya'];
  const CATEGORIES = ['bahan', 'kemasan', 'bibit', 'pupuk', 'obat_tanaman', 'transport', 'alat', 'lainnya'];
  const BATCH = 200; // the server takes at most this many items a request
  // Retries: every 30 s while nothing failed (e.g. she must log in first); after failures 5 s, 15 s, 45 s… up
  // to 5 minutes. The first is short: a phone says `online` a moment before its connection carries anything.
  const RETRY_MS = 30000;
  const RETRY_FIRST_MS = 5000;
  const RETRY_MAX_MS = 5 * 60000;
  const SENT_SHOWN = 10;
  const TEXTS = JSON.parse(document.getElementById('texts').textContent);
  const $ = (id) => document.getElementById(id);

  let lang = chosenLanguage();
  let products = [];
  let productId = '';
  let sending = false;
  let again = false; // asked to send while a sending was under way: send once more after it
  let failures = 0;
  let timer = 0;
  let note = ''; // '', 'login', 'failed', or the server's own message
  let scanAt = 0; // when the check-in this page was opened with was scanned

  // ---- texts and formats ---------------------------------------------------------------------------

  function chosenLanguage() {
    const asked = new URLSearchParams(location.search).get('lang');
    const cookie = (document.cookie.match(/(?:^|;\s*)berdaya_lang=(\w+)/) || [])[1];
    const chosen = asked || cookie || 'id';
    return TEXTS[chosen] ? chosen : 'id';
  }

  function T(key, params) {
    let text = TEXTS[lang][key] || TEXTS.id[key] || key;
    for (const [name, value] of Object.entries(params || {})) text = text.split(`{${name}}`).join(String(value));
    return text;
  }

  function rupiah(amount) {
    return 'Rp\u00a0' + String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }

  function quantityText(quantity) {
    return lang === 'id' ? String(quantity).replace('.', ',') : String(quantity);
  }

  function clock(ms) {
    const at = new Date(ms);
    const pad = (n) => String(n).padStart(2, '0');
    return pad(at.getHours()) + (lang === 'id' ? '.' : ':') + pad(at.getMinutes());
  }

  function label(show) {
    if (!show) return '';
    if (show.type === 'sale') {
      return T('pwa.item_sale', { quantity: quantityText(show.quantity), name: show.name, total: rupiah(show.total) });
    }
    if (show.type === 'expense') {
      return T('pwa.item_expense', { category: T('expense.' + show.category), amount: rupiah(show.amount) });
    }
    return T('pwa.item_checkin', { time: clock(show.at) });
  }

  // ---- the queue -----------------------------------------------------------------------------------

  function load(key) {
    try {
      const value = JSON.parse(localStorage.getItem(key) || '[]');
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  }

  function keep(key, list) {
    localStorage.setItem(key, JSON.stringify(list));
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID(); // only on https and localhost
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function serverNow() {
    return Date.now() + (Number(localStorage.getItem(CLOCK)) || 0);
  }

  function enqueue(item, show) {
    const queue = load(QUEUE);
    queue.push({ item, show, state: 'waiting', message: '' });
    keep(QUEUE, queue);
  }

  function waiting() {
    return load(QUEUE).filter((entry) => entry.state === 'waiting');
  }

  async function send() {
    const batch = waiting().slice(0, BATCH);
    if (sending) again = true;
    if (sending || !batch.length) return;
    sending = true;
    clearTimeout(timer);
    render();
    let more = false;
    try {
      const started = Date.now();
      const response = await fetch('/api/sync', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ items: batch.map((entry) => entry.item) }),
      });
      learnClock(response, started);
      const answer = await response.json().catch(() => ({}));
      if (response.status === 401) {
        note = 'login';
      } else if (!response.ok) {
        note = answer.error || 'failed';
        failures += 1;
      } else {
        settle(answer.results || []);
        note = '';
        failures = 0;
        more = batch.length === BATCH; // a full batch: there may be more behind it
      }
    } catch (error) {
      note = 'failed';
      failures += 1;
    } finally {
      sending = false;
      render();
      if (more || again) {
        again = false;
        send();
      } else {
        schedule();
      }
    }
  }

  function settle(results) {
    const answers = new Map(results.filter((r) => r && typeof r.id === 'string').map((r) => [r.id, r]));
    const sent = load(SENT);
    const queue = [];
    for (const entry of load(QUEUE)) {
      const answer = answers.get(entry.item.id);
      if (answer && (answer.status === 'applied' || answer.status === 'duplicate')) {
        sent.unshift({ show: entry.show, message: answer.message || '' });
      } else {
        if (answer && answer.status === 'rejected') Object.assign(entry, { state: 'rejected', message: answer.message });
        queue.push(entry);
      }
    }
    keep(QUEUE, queue);
    keep(SENT, sent.slice(0, SENT_SHOWN));
  }

  function schedule() {
    clearTimeout(timer);
    const delay = failures ? Math.min(RETRY_FIRST_MS * 3 ** (failures - 1), RETRY_MAX_MS) : RETRY_MS;
    if (waiting().length) timer = setTimeout(send, delay);
  }

  function learnClock(response, started) {
    const server = Date.parse(response.headers.get('Date') || '');
    if (Number.isNaN(server)) return;
    keepClock(server + 500 - (started + Date.now()) / 2); // the header is whole seconds: 500 ms on average
  }

  function keepClock(offset) {
    localStorage.setItem(CLOCK, String(Math.abs(offset) > 3000 ? Math.round(offset) : 0));
  }

  // ---- a check-in scan that arrived with no signal -------------------------------------------------

  function takeScan() {
    const params = new URLSearchParams(location.search);
    const path = params.get('scan');
    if (!path) return;
    let at = Number(params.get('at')); // when the worker saw the scan: the page may have opened later
    const skew = Number(params.get('skew')); // the worker's reading of the server's clock, if it had one
    if (params.has('skew') && Number.isFinite(skew)) keepClock(skew);
    if (!(at > Date.now() - 10 * 60000 && at <= Date.now() + 60000)) at = Date.now();
    if (SCAN.test(path)) {
      const known = load(QUEUE).some((entry) => entry.item.kind === 'checkin' && entry.item.url === path);
      if (!known) {
        const scannedAt = new Date(at + (serverNow() - Date.now())).toISOString();
        enqueue({ id: newId(), kind: 'checkin', url: path, scanned_at: scannedAt }, { type: 'checkin', at });
      }
      scanAt = at;
    }
    params.delete('scan');
    params.delete('at');
    params.delete('skew');
    history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
  }

  // ---- the forms -----------------------------------------------------------------------------------

  async function loadProducts() {
    try {
      const response = await fetch('/api/products', { credentials: 'same-origin' });
      products = response.ok ? (await response.json()).products || [] : [];
      if (response.status === 401 && waiting().length) note = 'login';
    } catch (error) {
      products = []; // no signal and nothing kept by the worker yet
    }
    renderProducts();
  }

  function open(name) {
    for (const other of ['sale', 'expense']) {
      const shown = other === name && $(other).hidden;
      $(other).hidden = !shown;
      $('open-' + other).setAttribute('aria-expanded', String(shown));
    }
    $('saved').hidden = true;
    if (!$(name).hidden) $(name).scrollIntoView({ block: 'start' });
  }

  function close(name) {
    $(name).hidden = true;
    $('open-' + name).setAttribute('aria-expanded', 'false');
    $(name + '-error').hidden = true;
  }

  function refuse(form, key, params) {
    $(form + '-error').textContent = T(key, params);
    $(form + '-error').hidden = false;
    return false;
  }

  function whole(text) {
    const cleaned = String(text).replace(/^\s*Rp\.?\s*/i, '').replace(/\s/g, '');
    return /^(\d{1,3}(\.\d{3})+|\d{1,10})$/.test(cleaned) ? Number(cleaned.replace(/\./g, '')) : NaN;
  }

  function decimal(text) {
    const cleaned = String(text).trim().replace(',', '.');
    return /^\d{1,6}(\.\d{1,3})?$/.test(cleaned) ? cleaned : '';
  }

  function saveSale(event) {
    event.preventDefault();
    const product = products.find((p) => p.id === productId);
    if (!product) return refuse('sale', 'pwa.need_product');
    const quantity = decimal($('quantity').value);
    if (!quantity || Number(quantity) <= 0) return refuse('sale', 'pwa.need_quantity');
    if (WHOLE_UNITS.includes(product.unit) && !Number.isInteger(Number(quantity))) {
      return refuse('sale', 'pwa.need_whole', { unit: T('unit.' + product.unit) });
    }
    const price = whole($('price').value);
    if (!(price > 0)) return refuse('sale', 'pwa.need_price');
    const paid = $('paid-yes').checked;
    const buyer = $('buyer').value.trim();
    if (!paid && !buyer) return refuse('sale', 'pwa.need_buyer');
    const item = {
      id: newId(),
      kind: 'sale',
      product_id: product.id,
      quantity,
      unit_price: price,
      channel: $('channel').value,
      paid,
      at: new Date(serverNow()).toISOString(),
    };
    if (buyer) item.buyer = buyer;
    const show = { type: 'sale', quantity, name: product.name, total: Math.round(Number(quantity) * price) };
    saved('sale', item, show);
    $('quantity').value = '1';
    $('buyer').value = '';
    $('paid-yes').checked = true;
    $('buyer-row').hidden = true;
    return true;
  }

  function saveExpense(event) {
    event.preventDefault();
    const amount = whole($('amount').value);
    if (!(amount > 0)) return refuse('expense', 'pwa.need_amount');
    const item = { id: newId(), kind: 'expense', category: $('category').value, amount, at: new Date(serverNow()).toISOString() };
    const text = $('note').value.trim();
    if (text) item.note = text;
    saved('expense', item, { type: 'expense', category: item.category, amount });
    $('amount').value = '';
    $('note').value = '';
    return true;
  }

  function saved(form, item, show) {
    enqueue(item, show);
    close(form);
    $('saved').textContent = '\u2713 ' + T('pwa.saved', { text: label(show) });
    $('saved').hidden = false;
    render();
    failures = 0;
    send();
  }

  function step(direction) {
    const product = products.find((p) => p.id === productId);
    const size = product && !WHOLE_UNITS.includes(product.unit) ? 0.5 : 1;
    const current = Number(decimal($('quantity').value)) || 0;
    const next = Math.max(size, Math.round((current + direction * size) * 1000) / 1000);
    $('quantity').value = quantityText(next);
  }

  // ---- drawing -------------------------------------------------------------------------------------

  function render() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-t]').forEach((el) => (el.textContent = T(el.dataset.t)));
    document.querySelectorAll('[data-t-label]').forEach((el) => el.setAttribute('aria-label', T(el.dataset.tLabel)));
    $('lang').textContent = lang === 'id' ? 'EN' : 'ID';
    $('scan').hidden = !scanAt;
    if (scanAt) $('scan-text').textContent = T('pwa.scan_queued', { time: clock(scanAt) });
    $('net').textContent = navigator.onLine ? '\u25cf ' + T('pwa.net_online') : '\u25cb ' + T('pwa.net_offline');
    $('net').className = 'net ' + (navigator.onLine ? 'on' : 'off');
    const queue = load(QUEUE);
    const unsent = queue.filter((entry) => entry.state === 'waiting').length;
    $('count').textContent = unsent ? T('pwa.unsent', { count: unsent }) : queue.length ? '' : T('pwa.all_sent');
    $('send').disabled = sending || !unsent;
    $('send-text').textContent = T(sending ? 'pwa.sending' : 'pwa.send_now');
    renderNote();
    renderItems(queue, load(SENT));
    fillSelect('channel', CHANNELS, 'channel.');
    fillSelect('category', CATEGORIES, 'expense.');
  }

  function renderNote() {
    const box = $('sync-note');
    box.hidden = !note;
    box.textContent = '';
    if (note === 'login') {
      box.append(T('pwa.login_needed') + ' ');
      const link = document.createElement('a');
      link.href = '/login?next=/offline';
      link.textContent = T('pwa.login');
      box.append(link);
    } else if (note) {
      box.textContent = note === 'failed' ? T('pwa.send_failed') : note;
    }
  }

  function renderItems(queue, sent) {
    const list = $('items');
    list.textContent = '';
    for (const entry of queue) {
      const li = row(entry.state, label(entry.show), T('pwa.state_' + entry.state), entry.message);
      if (entry.state === 'rejected') {
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = '\u2715 ' + T('pwa.remove');
        remove.addEventListener('click', () => {
          keep(QUEUE, load(QUEUE).filter((other) => other.item.id !== entry.item.id));
          render();
        });
        li.append(remove);
      }
      list.append(li);
    }
    for (const entry of sent) list.append(row('sent', label(entry.show), '\u2713 ' + T('pwa.state_sent'), entry.message));
  }

  function row(state, what, stateText, message) {
    const li = document.createElement('li');
    li.className = state;
    const text = document.createElement('span');
    text.textContent = what;
    const badge = document.createElement('span');
    badge.className = 'state';
    badge.textContent = stateText + (message ? ': ' + message : '');
    li.append(text, badge);
    return li;
  }

  function fillSelect(id, values, prefix) {
    const select = $(id);
    const chosen = select.value || values[0];
    select.textContent = '';
    for (const value of values) select.append(new Option(T(prefix + value), value, false, value === chosen));
  }

  function renderProducts() {
    const box = $('products');
    box.textContent = '';
    $('no-products').hidden = products.length > 0;
    for (const product of products) {
      const choice = document.createElement('label');
      choice.className = 'choice';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'product';
      input.value = product.id;
      input.checked = product.id === productId;
      input.addEventListener('change', () => {
        productId = product.id;
        $('price').value = String(product.price);
        $('quantity').value = '1';
      });
      const name = document.createElement('span');
      name.textContent = product.name;
      const price = document.createElement('small');
      price.textContent = `${rupiah(product.price)} / ${T('unit.' + product.unit)}`;
      name.append(price);
      choice.append(input, name);
      box.append(choice);
    }
  }

  // ---- wiring --------------------------------------------------------------------------------------

  $('open-sale').addEventListener('click', () => open('sale'));
  $('open-expense').addEventListener('click', () => open('expense'));
  document.querySelectorAll('[data-close]').forEach((b) => b.addEventListener('click', () => close(b.dataset.close)));
  $('sale').addEventListener('submit', saveSale);
  $('expense').addEventListener('submit', saveExpense);
  $('less').addEventListener('click', () => step(-1));
  $('more').addEventListener('click', () => step(1));
  $('paid-yes').addEventListener('change', () => ($('buyer-row').hidden = true));
  $('paid-no').addEventListener('change', () => ($('buyer-row').hidden = false));
  $('send').addEventListener('click', () => {
    failures = 0;
    send();
  });
  $('lang').addEventListener('click', () => {
    lang = lang === 'id' ? 'en' : 'id';
    document.cookie = `berdaya_lang=${lang};path=/;max-age=31536000;samesite=lax`;
    render();
    renderProducts();
  });
  addEventListener('online', () => {
    failures = 0;
    render();
    send();
  });
  addEventListener('offline', render);
  addEventListener('storage', render); // another tab changed the queue

  takeScan();
  render();
  loadProducts();
  send();
})();
