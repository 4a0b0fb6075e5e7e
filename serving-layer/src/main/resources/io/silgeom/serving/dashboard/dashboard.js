// Silgeom live chart. Served by the serving layer itself; talks only to /api/v1 on the same origin.
(function () {
  'use strict';

  var API = '/api/v1';
  var POLL_MS = 10000;          // polling fallback and refresh of non-default charts
  var SPARK_TTL_MS = 60000;     // a sparkline is refetched at most once a minute
  var STATUS_MS = 30000;        // the collectors' health is re-read every 30 s
  var LIMIT = 20;

  var state = { window: '1h', lang: 'all', source: 'all', selected: null, live: false, pollTimer: null };
  var sparkCache = {};          // key -> {at, values}
  var detailPlot = null;

  function $(id) { return document.getElementById(id); }

  function isDefaultChart() {
    return state.window === '1h' && state.lang === 'all' && state.source === 'all';
  }

  function getJson(url) {
    return fetch(url, { headers: { 'Accept': 'application/json' } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body && body.error ? body.error : ('HTTP ' + r.status)); }
        return body;
      });
    });
  }

  function showError(message) {
    var e = $('error');
    e.hidden = !message;
    e.textContent = message || '';
  }

  function fmtTime(iso) {
    if (!iso) { return '–'; }
    var d = new Date(iso);
    return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  // ---- ranking ----

  function changeLabel(item) {
    switch (item.change) {
      case 'NEW': return 'NEW';
      case 'UP': return '▲ ' + (item.previousRank - item.rank);
      case 'DOWN': return '▼ ' + (item.rank - item.previousRank);
      default: return '–';
    }
  }

  function render(snapshot) {
    $('asof').textContent = snapshot.window + ' · ' + fmtTime(snapshot.asOf);
    $('degraded').hidden = !snapshot.degraded;
    $('degraded-reason').textContent = snapshot.reason || '';
    if (snapshot.batchVersion) {
      $('batch').textContent = 'batch ' + snapshot.batchVersion + ' · cutoff ' + fmtTime(snapshot.batchCutoff);
    } else {
      $('batch').textContent = 'batch: none yet (all counts from the speed view)';
    }
    var list = $('ranking');
    list.textContent = '';
    $('empty').hidden = snapshot.items.length > 0;
    snapshot.items.forEach(function (item) {
      var li = document.createElement('li');
      li.className = 'row' + (item.canonical === state.selected ? ' selected' : '');
      li.dataset.keyword = item.canonical;

      var rank = document.createElement('span');
      rank.className = 'rank';
      rank.textContent = item.rank;

      var change = document.createElement('span');
      change.className = 'change ' + item.change;
      change.textContent = changeLabel(item);
      change.title = item.previousRank ? ('previous rank ' + item.previousRank) : 'new in this chart';

      var kw = document.createElement('span');
      kw.className = 'kw';
      kw.textContent = item.keyword;

      var spark = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      spark.setAttribute('class', 'spark');
      spark.setAttribute('viewBox', '0 0 120 28');
      spark.setAttribute('preserveAspectRatio', 'none');

      var num = document.createElement('span');
      num.className = 'num';
      num.textContent = item.count.toLocaleString();
      var score = document.createElement('small');
      score.textContent = 'score ' + item.score.toFixed(1);
      score.title = 'expected ' + item.expected.toFixed(1) + ' per ' + snapshot.window;
      num.appendChild(score);

      li.append(rank, change, kw, spark, num);
      li.addEventListener('click', function () { select(item.canonical, item.keyword, item.evidence); });
      list.appendChild(li);
      drawSpark(spark, item.canonical);
    });
  }

  // ---- sparklines: last 6h by minute (in 5-minute bins) for short windows, last 24h by hour otherwise ----

  function sparkQuery() {
    var shortWindow = state.window === '5m' || state.window === '1h';
    return { step: shortWindow ? 'PT1M' : 'PT1H', bin: shortWindow ? 5 : 1 };
  }

  function drawSpark(svg, keyword) {
    var q = sparkQuery();
    var key = keyword + '|' + state.lang + '|' + state.source + '|' + q.step;
    var cached = sparkCache[key];
    if (cached && Date.now() - cached.at < SPARK_TTL_MS) {
      paintSpark(svg, cached.values);
      return;
    }
    var url = API + '/keywords/' + encodeURIComponent(keyword) + '/series?step=' + q.step
      + '&lang=' + state.lang + '&source=' + state.source;
    getJson(url).then(function (series) {
      var values = [];
      var sum = 0;
      series.points.forEach(function (p, i) {
        sum += p.count;
        if ((i + 1) % q.bin === 0) { values.push(sum); sum = 0; }
      });
      if (series.points.length % q.bin !== 0) { values.push(sum); }
      sparkCache[key] = { at: Date.now(), values: values };
      paintSpark(svg, values);
    }).catch(function () { /* a missing sparkline is cosmetic; the row itself is still right */ });
  }

  function paintSpark(svg, values) {
    svg.textContent = '';
    if (values.length < 2) { return; }
    var max = Math.max.apply(null, values) || 1;
    var step = 120 / (values.length - 1);
    var d = values.map(function (v, i) {
      return (i === 0 ? 'M' : 'L') + (i * step).toFixed(1) + ',' + (26 - (v / max) * 24).toFixed(1);
    }).join(' ');
    var area = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    area.setAttribute('class', 'area');
    area.setAttribute('d', d + ' L120,28 L0,28 Z');
    var line = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    line.setAttribute('class', 'line');
    line.setAttribute('d', d);
    svg.append(area, line);
  }

  // ---- detail chart (uPlot): the keyword's last 24 hours, batch and speed hours drawn apart ----

  // Evidence headlines of the clicked keyword: every text goes in with textContent and every link is checked to be
  // http(s), so a headline holding markup or a javascript: URL stays inert.
  function renderEvidence(headlines) {
    var list = $('evidence');
    list.textContent = '';
    (headlines || []).forEach(function (h) {
      var li = document.createElement('li');
      var title;
      if (h.url && /^https?:\/\//i.test(h.url)) {
        title = document.createElement('a');
        title.href = h.url;
        title.rel = 'noopener noreferrer';
        title.target = '_blank';
      } else {
        title = document.createElement('span');
      }
      title.className = 'headline';
      title.textContent = h.title;
      var meta = document.createElement('small');
      meta.textContent = (h.site ? h.site + ' · ' : '') + fmtTime(h.publishedAt);
      li.append(title, meta);
      list.appendChild(li);
    });
    $('evidence-empty').hidden = (headlines || []).length > 0;
  }

  function select(keyword, display, evidence) {
    state.selected = keyword;
    renderEvidence(evidence);
    Array.prototype.forEach.call(document.querySelectorAll('li.row'), function (li) {
      li.classList.toggle('selected', li.dataset.keyword === keyword);
    });
    var url = API + '/keywords/' + encodeURIComponent(keyword) + '/series?step=PT1H&lang=' + state.lang
      + '&source=' + state.source;
    getJson(url).then(function (series) {
      $('detail').hidden = false;
      $('detail-title').textContent = display;
      var xs = [], batch = [], speed = [];
      series.points.forEach(function (p) {
        xs.push(Date.parse(p.start) / 1000);
        batch.push(p.view === 'batch' ? p.count : null);
        speed.push(p.view === 'batch' ? null : p.count);
      });
      $('detail-note').textContent = series.degraded ? ('Degraded: ' + series.reason)
        : (series.batchCutoff ? 'Batch cutoff ' + fmtTime(series.batchCutoff) : 'No batch view yet.');
      drawDetail([xs, batch, speed]);
    }).catch(function (e) { showError('series: ' + e.message); });
  }

  function drawDetail(data) {
    var el = $('detail-chart');
    if (typeof uPlot === 'undefined') {
      el.textContent = 'chart library not loaded';
      return;
    }
    if (detailPlot) { detailPlot.destroy(); }
    var width = Math.max(280, el.clientWidth || 480);
    detailPlot = new uPlot({
      width: width, height: 260,
      series: [
        {},
        { label: 'batch', stroke: '#2f6fe4', fill: 'rgba(47,111,228,0.10)', width: 2, spanGaps: false },
        { label: 'speed', stroke: '#00c73c', fill: 'rgba(0,199,60,0.10)', width: 2, spanGaps: false }
      ],
      axes: [{}, { size: 50 }]
    }, data, el);
  }

  // ---- loading: SSE for the default chart, polling for the others and as a fallback ----

  function load() {
    var url = API + '/trends?window=' + state.window + '&lang=' + state.lang + '&source=' + state.source
      + '&limit=' + LIMIT;
    return getJson(url).then(function (s) { showError(null); render(s); })
      .catch(function (e) { showError('trends: ' + e.message); });
  }

  function schedulePolling() {
    if (state.pollTimer) { clearInterval(state.pollTimer); }
    // The stream carries only the default chart: every other chart, or a lost stream, is polled.
    if (!(state.live && isDefaultChart())) {
      state.pollTimer = setInterval(load, POLL_MS);
    } else {
      state.pollTimer = null;
    }
  }

  function setLive(on) {
    state.live = on;
    var el = $('live');
    el.className = 'live ' + (on ? 'on' : 'off');
    el.textContent = on ? 'live' : 'polling every ' + (POLL_MS / 1000) + 's';
    schedulePolling();
  }

  function connect() {
    if (!window.EventSource) { setLive(false); return; }
    var es = new EventSource(API + '/stream');
    es.addEventListener('open', function () { setLive(true); });
    es.addEventListener('snapshot', function (ev) {
      if (!isDefaultChart()) { return; }
      var snapshot = JSON.parse(ev.data);
      snapshot.items = snapshot.items.slice(0, LIMIT);
      render(snapshot);
    });
    // EventSource reconnects by itself; until it does, polling keeps the chart moving.
    es.addEventListener('error', function () { setLive(false); });
  }

  function bind(groupId, attr) {
    var group = $(groupId);
    group.addEventListener('click', function (ev) {
      var b = ev.target.closest('button');
      if (!b) { return; }
      Array.prototype.forEach.call(group.querySelectorAll('button'), function (x) { x.classList.remove('on'); });
      b.classList.add('on');
      state[attr] = b.dataset[attr];
      $('window-note').textContent = windowNote();
      schedulePolling();
      load();
    });
  }

  // ---- collectors' health (silgeom collect rss|x report to Redis; /api/v1/status reads it) ----

  function collectorLine(name, inputs) {
    var keys = Object.keys(inputs);
    if (name === 'x' && keys.length === 1) {
      return 'x ' + (inputs[keys[0]].state || '?');
    }
    var failing = keys.filter(function (k) {
      var h = inputs[k];
      return (h.consecutiveFailures || 0) > 0 || h.state === 'failing' || h.state === 'disconnected';
    });
    return name + ' ' + (keys.length - failing.length) + '/' + keys.length + ' ok';
  }

  function loadStatus() {
    return getJson(API + '/status').then(function (s) {
      var el = $('collectors');
      var names = Object.keys(s.collectors || {}).sort();
      el.hidden = names.length === 0;
      el.textContent = 'collectors: ' + names.map(function (n) { return collectorLine(n, s.collectors[n]); }).join(' · ');
      var problems = (s.reasons || []).filter(function (r) { return r.indexOf('collector ') === 0; });
      el.className = problems.length ? 'collectors failing' : 'collectors';
      el.title = problems.length ? problems.join('\n') : "collectors' health, from /api/v1/status";
    }).catch(function () { /* the status is a side note: the chart's own errors are shown */ });
  }

  function windowNote() {
    return 'score = (count − expected) / √(expected + 1) over the last ' + state.window
      + ', expected from the preceding hours';
  }

  bind('windows', 'window');
  bind('langs', 'lang');
  bind('sources', 'source');
  $('window-note').textContent = windowNote();
  setLive(false);
  load();
  connect();
  loadStatus();
  setInterval(loadStatus, STATUS_MS);
}());
