// The offline page: sales, orders, expenses and check-in scans kept in this phone's storage (localStorage) with
// ids made here, and sent to POST /api/sync when there is a signal: when the page opens, when the phone comes
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
  let zone = { name: 'WIB', offset: '+07:00' }; // her programme's clock, which an order's due time is typed on
  let orderId = ''; // made when the order form opens, so a double tap or a resend keeps the order once
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

  function dayText(day) {
    // 'Sen, 8 Des' / 'Mon 8 Dec' of a 'YYYY-MM-DD' on her programme's calendar (drawn at UTC: it is a date)
    try {
      const format = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
      return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', format).format(Date.parse(day));
    } catch (error) {
      return day; // a browser without these languages
    }
  }

  function label(show) {
    if (!show) return '';
    if (show.type === 'sale') {
      return T('pwa.item_sale', { quantity: quantityText(show.quantity), name: show.name, total: rupiah(show.total) });
    }
    if (show.type === 'expense') {
      return T('pwa.item_expense', { category: T('expense.' + show.category), amount: rupiah(show.amount) });
    }
    if (show.type === 'order') {
      const items = show.items.map((line) => `${quantityText(line.quantity)} ${line.name}`).join(', ');
      const time = lang === 'id' ? show.time.replace(':', '.') : show.time;
      const when = `${dayText(show.date)} ${time} ${show.zone}`;
      return T('pwa.item_order', { buyer: show.buyer, items, when, total: rupiah(show.total), dp: rupiah(show.dp) });
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

  async function learnWorkerClock() {
    // The worker reads the server's clock from every page she opens; this page only from its own sending. A
    // cheap phone's clock is often days off, and an order's "today" and "tomorrow" are the server's.
    try {
      const kept = window.caches ? await caches.match('/_berdaya/clock') : null;
      const skew = kept ? Number(await kept.text()) : NaN;
      if (Number.isFinite(skew)) keepClock(skew);
    } catch (error) {
      // no worker's cache on this browser: the page's own reading stands
    }
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
      const answer = response.ok ? await response.json() : {};
      products = answer.products || [];
      if (/^[+-]\d{2}:\d{2}$/.test(answer.utc_offset || '')) {
        zone = { name: answer.zone || '', offset: answer.utc_offset };
      }
      if (response.status === 401 && waiting().length) note = 'login';
    } catch (error) {
      products = []; // no signal and nothing kept by the worker yet
    }
    renderProducts();
  }

  function open(name) {
    for (const other of ['sale', 'order', 'expense']) {
      const shown = other === name && $(other).hidden;
      $(other).hidden = !shown;
      $('open-' + other).setAttribute('aria-expanded', String(shown));
    }
    $('saved').hidden = true;
    if (name === 'order' && !$(name).hidden) startOrder();
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
    $('quantity').value = stepped($('quantity').value, product, direction);
  }

  function stepped(text, product, direction, least) {
    // one piece at a time, half a kilo for what is weighed; never below `least` (default: one step)
    const size = product && !WHOLE_UNITS.includes(product.unit) ? 0.5 : 1;
    const next = Math.round(((Number(decimal(text)) || 0) + direction * size) * 1000) / 1000;
    return quantityText(Math.max(least === undefined ? size : least, next));
  }

  // ---- the order form ------------------------------------------------------------------------------

  function startOrder() {
    if (!orderId) orderId = newId();
    if (!$('order-date').value) $('order-date').value = programmeDay(1);
    $('order-date').min = programmeDay(0);
    showOrderSum();
  }

  function saveOrder(event) {
    event.preventDefault();
    if (!orderId) return false; // a second tap on a form already kept
    const order = readOrder();
    if (!order) return false;
    const { buyer, lines, date, time, delivery, dp, total } = order;
    const item = {
      id: orderId,
      kind: 'order',
      buyer,
      // at the price she saw and told the buyer, even if she changes it before this is sent
      lines: lines.map(({ product, quantity }) => ({ product_id: product.id, quantity, unit_price: product.price })),
      due: `${date}T${time}:00${zone.offset}`,
      delivery,
      dp,
    };
    for (const name of ['buyer_phone', 'address', 'note']) if (order[name]) item[name] = order[name];
    const items = lines.map((line) => ({ quantity: line.quantity, name: line.product.name }));
    const show = { type: 'order', buyer, items, date, time, zone: zone.name, total, dp };
    if (!load(QUEUE).some((entry) => entry.item.id === orderId)) saved('order', item, show);
    orderId = '';
    clearOrder();
    return true;
  }

  function readOrder() {
    // what she typed, checked as the server will check it; false (the reason shown) when something is wrong
    const buyer = $('order-buyer').value.trim();
    if (buyer.length < 2) return refuse('order', 'pwa.need_order_buyer');
    const phone = $('order-phone').value.trim() ? phoneNumber($('order-phone').value) : '';
    if (phone === null) return refuse('order', 'pwa.need_phone');
    const lines = [];
    for (const input of $('order-lines').querySelectorAll('input[data-product]')) {
      const product = products.find((p) => p.id === input.dataset.product);
      if (!product || !input.value.trim()) continue;
      const quantity = decimal(input.value);
      if (!quantity) return refuse('order', 'pwa.bad_line_quantity', { name: product.name });
      if (Number(quantity) === 0) continue;
      if (WHOLE_UNITS.includes(product.unit) && !Number.isInteger(Number(quantity))) {
        return refuse('order', 'pwa.order_need_whole', { name: product.name, unit: T('unit.' + product.unit) });
      }
      lines.push({ product, quantity });
    }
    if (!lines.length) return refuse('order', 'pwa.need_items');
    const date = dayOf($('order-date').value);
    if (!date) return refuse('order', 'pwa.need_date');
    if (date < programmeDay(0)) return refuse('order', 'pwa.date_past');
    const time = timeOf($('order-time').value);
    if (!time) return refuse('order', 'pwa.need_time');
    const delivery = $('order-delivery').checked ? 'antar' : 'ambil';
    const address = delivery === 'antar' ? $('order-address').value.trim() : '';
    if (delivery === 'antar' && !address) return refuse('order', 'pwa.need_address');
    const dp = $('order-dp').value.trim() ? whole($('order-dp').value) : 0;
    if (!(dp >= 0)) return refuse('order', 'pwa.bad_dp');
    const total = orderTotal(lines);
    if (dp > total) return refuse('order', 'pwa.dp_over', { total: rupiah(total) });
    const note = $('order-note').value.trim();
    return { buyer, buyer_phone: phone, lines, date, time, delivery, address, dp, total, note };
  }

  function orderTotal(lines) {
    return lines.reduce((sum, line) => sum + Math.round(Number(line.quantity) * line.product.price), 0);
  }

  function showOrderSum() {
    const lines = [];
    for (const input of $('order-lines').querySelectorAll('input[data-product]')) {
      const product = products.find((p) => p.id === input.dataset.product);
      if (product) lines.push({ product, quantity: decimal(input.value) || '0' });
    }
    const total = orderTotal(lines);
    const left = Math.max(0, total - (whole($('order-dp').value) || 0));
    $('order-sum').textContent = T('pwa.order_sum', { total: rupiah(total), left: rupiah(left) });
  }

  function clearOrder() {
    for (const id of ['order-buyer', 'order-phone', 'order-date', 'order-address', 'order-dp', 'order-note']) {
      $(id).value = '';
    }
    $('order-lines').querySelectorAll('input[data-product]').forEach((input) => (input.value = ''));
    $('order-time').value = '10:00';
    $('order-pickup').checked = true;
    $('order-address-row').hidden = true;
  }

  function programmeDay(days) {
    // today (+ `days`) on her programme's calendar by the server's clock, as 'YYYY-MM-DD'
    const [, sign, hours, minutes] = /^([+-])(\d{2}):(\d{2})$/.exec(zone.offset);
    const offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60000;
    return new Date(serverNow() + offset + days * 86400000).toISOString().slice(0, 10);
  }

  function dayOf(text) {
    // 'YYYY-MM-DD' from the date picker, or '8/12/2026' typed where a browser has no picker; '' for no date
    const value = String(text).trim();
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const typed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
    const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : typed ? [typed[3], typed[2], typed[1]] : [];
    if (!year) return '';
    const at = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    const real = at.getUTCDate() === Number(day) && at.getUTCMonth() === Number(month) - 1; // not 31 February
    return real ? at.toISOString().slice(0, 10) : '';
  }

  function timeOf(text) {
    // 'HH:MM' from the time picker, or '9.30' typed; '' for no time
    const found = /^(\d{1,2})[:.](\d{2})$/.exec(String(text).trim());
    if (!found || Number(found[1]) > 23 || Number(found[2]) > 59) return '';
    return found[1].padStart(2, '0') + ':' + found[2];
  }

  function phoneNumber(text) {
    // as the server reads it (models/participant.py normalise_phone): 0812…, +62812… and 62812… are one number
    let digits = String(text).replace(/[\s\-().]/g, '');
    if (digits.startsWith('+62')) digits = '0' + digits.slice(3);
    else if (digits.startsWith('62')) digits = '0' + digits.slice(2);
    return /^08\d{8,11}$/.test(digits) ? digits : null;
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
    $('order-zone').textContent = zone.name;
    showOrderSum();
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
      const name = productName(product);
      choice.append(input, name);
      box.append(choice);
    }
    renderOrderLines();
  }

  function productName(product) {
    const name = document.createElement('span');
    name.textContent = product.name;
    const price = document.createElement('small');
    price.textContent = `${rupiah(product.price)} / ${T('unit.' + product.unit)}`;
    name.append(price);
    return name;
  }

  function renderOrderLines() {
    // a line a product: name, price, and how many with − and +; what she typed stays when the list is redrawn
    const box = $('order-lines');
    const typed = new Map(Array.from(box.querySelectorAll('input[data-product]'), (i) => [i.dataset.product, i.value]));
    box.textContent = '';
    $('order-no-products').hidden = products.length > 0;
    for (const product of products) {
      const line = document.createElement('div');
      line.className = 'line';
      const name = productName(product);
      const input = document.createElement('input');
      input.inputMode = 'decimal';
      input.autocomplete = 'off';
      input.placeholder = '0';
      input.value = typed.get(product.id) || '';
      input.dataset.product = product.id;
      input.setAttribute('aria-label', `${T('pwa.quantity')}: ${product.name}`);
      input.addEventListener('input', showOrderSum);
      const stepper = document.createElement('div');
      stepper.className = 'stepper';
      stepper.append(stepButton(input, product, -1), input, stepButton(input, product, 1));
      line.append(name, stepper);
      box.append(line);
    }
    showOrderSum();
  }

  function stepButton(input, product, direction) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'step';
    button.textContent = direction < 0 ? '\u2212' : '+';
    button.setAttribute('aria-label', `${T(direction < 0 ? 'pwa.less' : 'pwa.more')}: ${product.name}`);
    button.addEventListener('click', () => {
      input.value = stepped(input.value, product, direction, 0);
      showOrderSum();
    });
    return button;
  }

  // ---- wiring --------------------------------------------------------------------------------------

  $('open-sale').addEventListener('click', () => open('sale'));
  $('open-order').addEventListener('click', () => open('order'));
  $('open-expense').addEventListener('click', () => open('expense'));
  document.querySelectorAll('[data-close]').forEach((b) => b.addEventListener('click', () => close(b.dataset.close)));
  $('sale').addEventListener('submit', saveSale);
  $('expense').addEventListener('submit', saveExpense);
  $('order').addEventListener('submit', saveOrder);
  $('order-dp').addEventListener('input', showOrderSum);
  $('order-pickup').addEventListener('change', () => ($('order-address-row').hidden = true));
  $('order-delivery').addEventListener('change', () => ($('order-address-row').hidden = false));
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
  learnWorkerClock();
  loadProducts();
  send();
})();
