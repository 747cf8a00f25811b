// The demo page's script (served as a file: the page's Content-Security-Policy allows no inline script).
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  // Every field of data from outside the page (events, /demo/config, error bodies) is read with
  // these, so a wrong shape (an object such as {"toString":"x"}, an array, null, a number where text
  // belongs, a huge string) becomes the fallback instead of an exception.
  const read = {
    obj: (v) => (v !== null && typeof v === 'object' && !Array.isArray(v)) ? v : {},
    own: (o, key) => Object.prototype.hasOwnProperty.call(read.obj(o), key) ? o[key] : undefined,
    str: (o, key, max, fallback = '') => {
      const v = read.own(o, key);
      return typeof v === 'string' && v ? v.slice(0, max) : fallback;
    },
  };
  const TOPIC_RE = /^[A-Za-z0-9._:@-]{1,200}$/;
  const MAX_HEARTS = 40, MAX_COMMENTS = 50, MAX_VIEWERS = 1e12;
  const seenIds = new Set(), seenOrder = [];
  let topic = 'live:demo', publishUrl = '', likes = 0, es = null, viewers = 1, pushedViewers = false;

  // ---- viewer name (editable, remembered) ----
  let viewerName = localStorage.getItem('rtd.viewerName');
  if (!viewerName) {
    viewerName = 'viewer-' + (1000 + Math.floor(Math.random() * 9000));
    try { localStorage.setItem('rtd.viewerName', viewerName); } catch (e) { /* private mode */ }
  }
  const nameInput = $('name-input');
  nameInput.value = viewerName;
  nameInput.addEventListener('change', () => {
    const v = nameInput.value.trim().slice(0, 40);
    if (!v) { nameInput.value = viewerName; return; }
    viewerName = nameInput.value = v;
    try { localStorage.setItem('rtd.viewerName', v); } catch (e) { /* ignore */ }
  });

  // ---- status line ----
  function setState(state, text) {
    $('status').dataset.state = state;
    $('conn-state').textContent = text || state;
  }
  function setError(msg) {
    $('pub-error').textContent = msg ? 'last publish error: ' + msg : '';
  }

  // ---- publishing ----
  async function publish(type, data) {
    if (!publishUrl) { setError('this page has no publish URL (see rtd.frontend.demo.publish-url)'); return false; }
    let res;
    try {
      res = await fetch(publishUrl, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ topic, type, data })
      });
    } catch (e) {
      setError('dispatcher unreachable (' + publishUrl + ')');
      return false;
    }
    if (res.ok) { setError(''); return true; }
    let why = 'HTTP ' + res.status;
    try { const error = read.str(await res.json(), 'error', 200); if (error) why += ': ' + error; } catch (e) { /* not JSON */ }
    setError(why);
    return false;
  }

  // ---- hearts and likes ----
  const heartsBox = $('hearts');
  function spawnHeart() {
    if (heartsBox.childElementCount >= MAX_HEARTS) return; // a like storm must not freeze the tab
    const svgNs = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', 'heart');
    const path = document.createElementNS(svgNs, 'path');
    path.setAttribute('d', $('like-btn').querySelector('path').getAttribute('d'));
    path.setAttribute('fill', 'hsl(' + (330 + Math.random() * 40) % 360 + ',90%,' + (55 + Math.random() * 15) + '%)');
    svg.appendChild(path);
    svg.style.setProperty('--dx', Math.round(Math.random() * 120 - 60) + 'px');
    svg.style.setProperty('--dur', (2.2 + Math.random() * 1.2).toFixed(2) + 's');
    const done = () => svg.remove();
    svg.addEventListener('animationend', done);
    setTimeout(done, 4000); // in case animations are paused (background tab)
    heartsBox.appendChild(svg);
  }
  $('like-btn').addEventListener('click', () => publish('like', { from: viewerName }));

  // ---- comments ----
  const list = $('comments'), commentInput = $('comment-input'), sendBtn = $('comment-send');
  const updateSend = () => { const n = commentInput.value.trim().length; sendBtn.disabled = n < 1 || n > 280; };
  commentInput.addEventListener('input', updateSend);
  $('comment-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = commentInput.value.trim();
    if (text.length < 1 || text.length > 280) return;
    sendBtn.disabled = true;
    if (await publish('comment', { author: viewerName, text })) commentInput.value = '';
    updateSend();
  });
  function addComment(author, text) {
    const empty = list.querySelector('.empty');
    if (empty) empty.remove();
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const li = document.createElement('li');
    const a = document.createElement('span');
    a.className = 'author';
    a.textContent = author;
    const t = document.createElement('span');
    t.className = 'text';
    t.textContent = text;
    li.append(a, t);
    list.appendChild(li);
    while (list.children.length > MAX_COMMENTS) list.firstElementChild.remove();
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  // ---- viewer count: counted by the system (docs/api.md, "GET /presence" and "The presence event") ----
  const countOf = (d) => { // a count from outside, or null for a wrong shape
    const n = read.own(d, 'subscribers');
    return Number.isInteger(n) && n >= 0 && n <= MAX_VIEWERS ? n : null;
  };
  function renderViewers(n) {
    viewers = Math.max(1, n); // this page is watching too, even if its stream was not counted yet
    $('viewer-count').textContent = viewers;
    $('viewers-badge').textContent = viewers + ' watching';
  }
  // Once on connecting: pushed events come only when the count changes, so a late joiner asks.
  async function fetchViewers() {
    const url = publishUrl.replace(/\/publish$/, '/presence');
    if (!url || url === publishUrl) return;
    try {
      const res = await fetch(url + '?topic=' + encodeURIComponent(topic), { cache: 'no-store' });
      const n = res.ok ? countOf(read.obj(await res.json())) : null;
      if (n !== null && !pushedViewers) renderViewers(n); // a pushed count is newer
    } catch (e) { /* the next pushed count will do */ }
  }

  // ---- incoming events ----
  function onEvent(msg) {
    let env;
    try { env = read.obj(JSON.parse(msg.data)); } catch (e) { return; }
    const id = read.str(env, 'id', 100), type = read.str(env, 'type', 32), d = read.obj(read.own(env, 'data'));
    if (id) { // drop duplicates (e.g. a replay after reconnect)
      if (seenIds.has(id)) return;
      seenIds.add(id); seenOrder.push(id);
      if (seenOrder.length > 1000) seenIds.delete(seenOrder.shift());
    }
    if (type === 'like') {
      likes++;
      $('like-count').textContent = likes;
      spawnHeart();
    } else if (type === 'comment' && read.str(d, 'text', 280)) {
      addComment(read.str(d, 'author', 40, 'anonymous'), read.str(d, 'text', 280));
    } else if (type === 'presence' && countOf(d) !== null) {
      pushedViewers = true;
      document.body.dataset.presence = 'pushed'; // for scripts/browser-check
      renderViewers(countOf(d));
    }
  }

  function connect() {
    setState('connecting');
    // replay=recent: a late joiner first gets the comments (and likes) the frontend still holds
    // (docs/api.md); the browser's own reconnects send Last-Event-ID, which takes precedence.
    es = new EventSource('/connect?replay=recent&topic=' + encodeURIComponent(topic));
    es.addEventListener('connected', () => { setState('live'); fetchViewers(); });
    es.onopen = () => { if ($('status').dataset.state !== 'live') setState('live'); };
    es.onmessage = onEvent;
    es.onerror = () => {
      if (es.readyState === EventSource.CONNECTING) {
        setState('reconnecting', 'reconnecting…');
      } else { // the browser gave up (e.g. non-200 answer): retry ourselves
        setState('closed', 'disconnected — retrying in 5 s');
        es.close();
        setTimeout(connect, 5000);
      }
    };
  }

  // ---- mock video ----
  const canvas = $('screen'), ctx = canvas.getContext('2d'), started = Date.now();
  const blobs = Array.from({ length: 5 }, (_, i) => ({ p: i * 1.3, s: 0.2 + Math.random() * 0.3, r: 0.15 + Math.random() * 0.2 }));
  function frame() {
    const w = canvas.clientWidth, h = canvas.clientHeight, dpr = Math.min(window.devicePixelRatio || 1, 2);
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
    }
    const t = (Date.now() - started) / 1000, W = canvas.width, H = canvas.height;
    const g = ctx.createLinearGradient(0, 0, W, H);
    g.addColorStop(0, 'hsl(' + (t * 12) % 360 + ',60%,25%)');
    g.addColorStop(1, 'hsl(' + (t * 12 + 120) % 360 + ',60%,15%)');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, W, H);
    for (const b of blobs) {
      const x = W * (0.5 + 0.4 * Math.sin(t * b.s + b.p)), y = H * (0.5 + 0.35 * Math.cos(t * b.s * 1.3 + b.p));
      const r = Math.min(W, H) * b.r, rg = ctx.createRadialGradient(x, y, 0, x, y, r);
      rg.addColorStop(0, 'hsla(' + (t * 20 + b.p * 60) % 360 + ',80%,65%,.45)');
      rg.addColorStop(1, 'hsla(0,0%,0%,0)');
      ctx.fillStyle = rg;
      ctx.beginPath(); ctx.arc(x, y, r, 0, Math.PI * 2); ctx.fill();
    }
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
  setInterval(() => {
    const s = Math.floor((Date.now() - started) / 1000), pad = (n) => String(n).padStart(2, '0');
    $('elapsed').textContent = (s >= 3600 ? Math.floor(s / 3600) + ':' : '') + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60);
  }, 1000);

  // ---- start-up ----
  async function start() {
    let cfg = {};
    try {
      const res = await fetch('/demo/config', { cache: 'no-store' });
      if (res.ok) cfg = read.obj(await res.json());
    } catch (e) { /* fall back to defaults */ }
    const cfgTopic = read.str(cfg, 'topic', 200);
    if (TOPIC_RE.test(cfgTopic)) topic = cfgTopic;
    const video = new URLSearchParams(location.search).get('video');
    let note = '';
    if (video !== null) {
      if (TOPIC_RE.test(video) && TOPIC_RE.test('live:' + video)) topic = 'live:' + video;
      else note = ' (ignored invalid ?video= value)';
    }
    publishUrl = read.str(cfg, 'publishUrl', 2000); // the frontend works out the default (DemoPage)
    $('dc').textContent = read.str(cfg, 'dataCenter', 64, '?');
    $('node').textContent = read.str(cfg, 'nodeId', 64, '?');
    $('topic-label').textContent = topic + note;
    document.body.dataset.topic = topic;
    renderViewers(1);
    connect();
  }
  start();
})();
