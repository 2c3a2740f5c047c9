// Berdaya's service worker, served at /sw.js with scope /. The server fills in the three constants below.
//
// - The offline shell (/offline, its script, style and icon, the manifest) is kept at install.
// - NiceGUI's files under /_nicegui/<version>/ never change for a version, nor ours under /_berdaya/ (named by
//   their content's hash, see ui/static.py): from the cache once fetched.
// - Our own files under /assets/: from the cache at once, refreshed in the background.
// - Pages: from the network; with no network, the offline page. A check-in code opened with no network
//   (or none within a few seconds) goes to the offline page with the code and the time of the scan, to queue,
//   and how far this phone's clock is from the server's (learnt from the last page the server sent: a cheap
//   phone's clock is often off by hours, and the scan is judged by the server's time).
// - API answers are never kept, except her product list (/api/products) for the offline sale and order forms:
//   from the network, and from the cache only when the network fails.
'use strict';

const VERSION = '__VERSION__';
const NICEGUI = '/_nicegui/__NICEGUI__/';
const PRECACHE = __PRECACHE__;

const SHELL = 'berdaya-shell-' + VERSION;
const STATIC = 'berdaya-static-__NICEGUI__';
const DATA = 'berdaya-data';
const KEEP = [SHELL, STATIC, DATA];
const SCAN = /^\/c\/[^/]+\/\d+\/[0-9a-f]+\/?$/i;
const SCAN_WAIT_MS = 8000; // a code lives 15 to 30 s: a slow answer must not make her scan late
const PRODUCTS_WAIT_MS = 6000;
const PRODUCTS_REFRESH_MS = 5 * 60 * 1000;
const CLOCK = '/_berdaya/clock'; // in the DATA cache: server clock minus this phone's, in ms
let productsFetched = 0;

self.addEventListener('install', (event) => {
  // cache: 'reload' so the browser's HTTP cache cannot hand an old file to a new version
  const fresh = PRECACHE.map((path) => new Request(path, { cache: 'reload' }));
  const started = Date.now();
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(fresh).then(() => cache.match('/offline')))
      .then((page) => page && learnClock(page, started)) // her first pages came before this worker took over
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('berdaya-') && !KEEP.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'products' && Date.now() - productsFetched > PRODUCTS_REFRESH_MS) {
    event.waitUntil(products(new Request('/api/products', { credentials: 'same-origin' })).catch(() => null));
  } else if (event.data === 'logout') {
    event.waitUntil(caches.delete(DATA));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request, path));
  } else if (path === '/api/products') {
    event.respondWith(products(request));
  } else if ((path.startsWith(NICEGUI) && !path.includes('/dynamic_resources/')) || path.startsWith('/_berdaya/')) {
    event.respondWith(cacheFirst(request, STATIC));
  } else if (path.startsWith('/assets/') || PRECACHE.includes(path)) {
    event.respondWith(staleWhileRevalidate(request, event));
  }
});

async function navigate(request, path) {
  const scan = SCAN.test(path);
  const scannedAt = Date.now();
  try {
    const response = scan ? await within(fetch(request), SCAN_WAIT_MS) : await fetch(request);
    learnClock(response, scannedAt);
    return response;
  } catch (error) {
    if (path === '/offline') return offlinePage();
    if (!scan) return Response.redirect('/offline', 303);
    const skew = await knownClock();
    return Response.redirect(`/offline?scan=${encodeURIComponent(path)}&at=${scannedAt}&skew=${skew}`, 303);
  }
}

function learnClock(response, started) {
  const server = Date.parse(response.headers.get('Date') || '');
  if (Number.isNaN(server)) return;
  const skew = Math.round(server + 500 - (started + Date.now()) / 2); // the header is whole seconds
  return caches.open(DATA).then((cache) => cache.put(CLOCK, new Response(String(skew)))).catch(() => null);
}

async function knownClock() {
  const kept = await caches.match(CLOCK).catch(() => null);
  const skew = kept ? Number(await kept.text()) : 0;
  return Number.isFinite(skew) ? skew : 0;
}

async function offlinePage() {
  const cached = await caches.match('/offline', { ignoreSearch: true });
  return cached || new Response('Berdaya: offline', { status: 503, headers: { 'Content-Type': 'text/plain' } });
}

async function products(request) {
  const cache = await caches.open(DATA);
  try {
    const response = await within(fetch(request), PRODUCTS_WAIT_MS);
    productsFetched = Date.now();
    if (response.ok) {
      await cache.put('/api/products', response.clone());
    } else if (response.status === 401 || response.status === 403) {
      await cache.delete('/api/products'); // logged out, or someone else: her list must not stay behind
    }
    return response;
  } catch (error) {
    const cached = await cache.match('/api/products');
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request, name) {
  const cache = await caches.open(name);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function staleWhileRevalidate(request, event) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => null));
    return cached;
  }
  return fresh;
}

function within(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
