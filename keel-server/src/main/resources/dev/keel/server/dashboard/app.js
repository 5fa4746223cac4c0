// Keel dashboard: vanilla JS, no build step. Everything it shows comes from /v1 with the token the
// user typed (kept in sessionStorage for this tab). All text is set with textContent (no HTML
// injection from job payloads or error messages).
'use strict';

const TOKEN_KEY = 'keel.token';
const POLL_MS = 2000;
const state = { prevCompleted: new Map(), prevAt: 0, timer: null, openJob: null, dlqGroups: [] };

const $ = (sel) => document.querySelector(sel);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

class AuthError extends Error {}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers['Authorization'] = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (res.status === 401) throw new AuthError((json && json.detail) || 'unauthorized');
  if (!res.ok && !(path.startsWith('/health') && json)) {
    throw new Error((json && (json.title + ': ' + json.detail)) || ('HTTP ' + res.status));
  }
  return json;
}

function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined) return '-';
  if (seconds < 1) return Math.round(seconds * 1000) + ' ms';
  if (seconds < 120) return seconds.toFixed(1) + ' s';
  if (seconds < 7200) return (seconds / 60).toFixed(1) + ' min';
  return (seconds / 3600).toFixed(1) + ' h';
}

function fmtMs(ms) {
  return ms === null || ms === undefined ? '-' : fmtDuration(ms / 1000);
}

function showLogin(message) {
  stopPolling();
  $('#app-view').hidden = true;
  $('#logout').hidden = true;
  $('#login-view').hidden = false;
  $('#login-error').textContent = message || '';
  $('#token').focus();
}

function showApp() {
  $('#login-view').hidden = true;
  $('#app-view').hidden = false;
  $('#logout').hidden = false;
  refresh();
}

function stopPolling() {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
}

async function refresh() {
  stopPolling();
  try {
    const [queues, health] = await Promise.all([api('GET', '/v1/queues'), api('GET', '/health/ready')]);
    renderQueues(queues.queues || []);
    renderHealth(health);
    await refreshDlq();
    if (state.openJob) await showJob(state.openJob, true);
    $('#app-error').textContent = '';
    $('#updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    if (e instanceof AuthError) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin('The token was not accepted: ' + e.message);
      return;
    }
    $('#app-error').textContent = 'Refresh failed: ' + e.message;
  }
  state.timer = setTimeout(refresh, POLL_MS);
}

function renderQueues(queues) {
  const now = performance.now();
  const dt = (now - state.prevAt) / 1000;
  const tbody = $('#queues tbody');
  tbody.replaceChildren();
  const select = $('#dlq-queue');
  const selected = select.value;
  select.replaceChildren(el('option', { value: '' }, 'all'));
  for (const q of queues) {
    const c = q.counts || {};
    const completed = c.completed || 0;
    const prev = state.prevCompleted.get(q.name);
    const rate = prev === undefined || dt <= 0 ? null : Math.max(0, completed - prev) / dt;
    state.prevCompleted.set(q.name, completed);
    const lat = q.startLatency || {};
    const target = lat.targetSeconds;
    const late = target !== null && target !== undefined && lat.p99Ms !== null && lat.p99Ms !== undefined
      && lat.p99Ms > target * 1000;
    tbody.append(el('tr', { dataset: { queue: q.name } },
      el('td', {}, q.name),
      el('td', { class: 'num' }, c.available || 0),
      el('td', { class: 'num' }, c.scheduled || 0),
      el('td', { class: 'num' }, c.running || 0),
      el('td', { class: 'num' }, c.retrying || 0),
      el('td', { class: 'num' }, completed),
      el('td', { class: 'num dlq' + (q.dlqAlert ? ' alert' : ''),
        title: 'alert at ' + q.dlqAlertThreshold + ' dead jobs' }, q.dlqDepth || 0),
      el('td', { class: 'num' }, rate === null ? '-' : rate.toFixed(1) + '/s'),
      el('td', { class: 'num' }, c.available ? fmtDuration(q.oldestAvailableAgeSeconds) : '-'),
      el('td', { class: 'num' + (late ? ' late' : '') }, fmtMs(lat.p50Ms) + ' / ' + fmtMs(lat.p99Ms)),
      el('td', { class: 'num' }, target === null || target === undefined ? 'best effort' : fmtDuration(target))));
    select.append(el('option', { value: q.name }, q.name));
  }
  select.value = [...select.options].some((o) => o.value === selected) ? selected : '';
  state.prevAt = now;
}

function renderHealth(h) {
  const pill = $('#server-status');
  pill.textContent = h.status;
  pill.className = 'pill ' + h.status;
  const tbody = $('#deps tbody');
  tbody.replaceChildren();
  for (const d of h.dependencies || []) {
    tbody.append(el('tr', { dataset: { dependency: d.name } },
      el('td', {}, d.name),
      el('td', {}, d.critical ? 'critical' : 'optional'),
      el('td', { class: 'state-' + d.status }, d.status),
      el('td', { class: d.breaker ? 'breaker breaker-' + d.breaker : 'breaker' }, d.breaker || '-'),
      el('td', { class: 'muted' }, d.detail || '')));
  }
}

function lastError(job) {
  const errs = job.errors || [];
  return errs.length ? errs[errs.length - 1] : null;
}

async function refreshDlq() {
  const queue = $('#dlq-queue').value;
  const q = new URLSearchParams({ limit: '500' });
  if (queue) q.set('queue', queue);
  const page = await api('GET', '/v1/dlq?' + q);
  const entries = page.entries || [];
  const groups = new Map();
  for (const j of entries) {
    const type = j.errorType || 'unknown';
    if (!groups.has(type)) groups.set(type, []);
    groups.get(type).push(j);
  }
  $('#dlq-count').textContent = entries.length + (page.nextCursor ? '+' : '') + ' dead jobs';
  const box = $('#dlq');
  box.replaceChildren();
  if (!entries.length) {
    box.append(el('p', { class: 'muted', id: 'dlq-empty' }, 'The DLQ is empty.'));
    return;
  }
  for (const [type, jobs] of groups) {
    const filter = { errorType: type };
    if (queue) filter.queue = queue;
    const rows = jobs.map((j) => el('tr', { dataset: { jobId: String(j.id) } },
      el('td', {}, el('a', { class: 'job-link', onclick: () => showJob(j.id) }, String(j.id))),
      el('td', {}, j.queue),
      el('td', {}, j.type),
      el('td', { class: 'num' }, j.attempt + '/' + j.maxAttempts),
      el('td', {}, j.errorMessage || ''),
      el('td', { class: 'muted' }, j.finishedAt || ''),
      el('td', {},
        el('button', { class: 'replay', type: 'button', onclick: () => act('replay', j.id) }, 'Replay'),
        ' ',
        el('button', { class: 'discard danger', type: 'button', onclick: () => act('discard', j.id) }, 'Discard'))));
    box.append(el('div', { class: 'group', dataset: { errorType: type } },
      el('div', { class: 'group-head' },
        el('strong', {}, type),
        el('span', { class: 'muted' }, jobs.length + ' job' + (jobs.length === 1 ? '' : 's')),
        el('button', { class: 'replay-all', type: 'button', onclick: () => bulk('replay', filter, jobs.length, type) }, 'Replay all'),
        el('button', { class: 'discard-all danger', type: 'button', onclick: () => bulk('discard', filter, jobs.length, type) }, 'Discard all')),
      el('table', {},
        el('thead', {}, el('tr', {}, ['job', 'queue', 'type', 'attempts', 'last error', 'dead since', ''].map((h) => el('th', {}, h)))),
        el('tbody', {}, rows))));
  }
}

function confirmAction(text) {
  const dialog = $('#confirm');
  $('#confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}

async function act(verb, id) {
  if (!(await confirmAction(verb === 'replay' ? 'Replay job ' + id + '? It goes back on its queue.'
    : 'Discard job ' + id + '? It will not run again.'))) return;
  try {
    await api('POST', '/v1/dlq/' + encodeURIComponent(id) + '/' + verb);
  } catch (e) {
    $('#app-error').textContent = verb + ' failed: ' + e.message;
  }
  refresh();
}

async function bulk(verb, filter, count, type) {
  if (!(await confirmAction(verb[0].toUpperCase() + verb.slice(1) + ' every dead job with error ' + type
    + (filter.queue ? ' in ' + filter.queue : '') + ' (' + count + ' shown)?'))) return;
  try {
    const r = await api('POST', '/v1/dlq:' + verb, filter);
    $('#app-error').textContent = '';
    $('#updated').textContent = verb + ': ' + r.count + ' jobs';
  } catch (e) {
    $('#app-error').textContent = verb + ' failed: ' + e.message;
  }
  refresh();
}

async function showJob(id, quiet) {
  state.openJob = id;
  const box = $('#job-detail');
  let job;
  try {
    job = await api('GET', '/v1/jobs/' + encodeURIComponent(id));
  } catch (e) {
    if (e instanceof AuthError) throw e;
    if (!quiet) {
      box.hidden = false;
      box.replaceChildren(el('p', { class: 'error' }, e.message));
    }
    return;
  }
  const fields = [['id', job.id], ['queue', job.queue], ['type', job.type], ['state', job.state],
    ['attempts', job.attempt + ' of ' + job.maxAttempts], ['owner', job.ownerId], ['key', job.key],
    ['enqueued', job.enqueuedAt], ['run at', job.runAt], ['last attempt', job.attemptedAt],
    ['finished', job.finishedAt], ['worker', job.workerId], ['lease until', job.leaseExpiresAt]];
  const dl = el('dl', {});
  for (const [k, v] of fields) {
    if (v === null || v === undefined) continue;
    dl.append(el('dt', {}, k), el('dd', k === 'state' ? { id: 'job-state', class: 'state' } : {}, String(v)));
  }
  const errors = (job.errors || []).map((e) => el('li', {},
    el('strong', {}, '#' + e.attempt + ' ' + e.type), ': ', e.message || '',
    el('span', { class: 'muted' }, ' (' + (e.failedAt || '') + (e.workerId ? ', ' + e.workerId : '') + ')'),
    e.stack ? el('details', {}, el('summary', {}, 'stack'), el('pre', {}, e.stack)) : null));
  box.hidden = false;
  box.replaceChildren(...[dl,
    el('div', {}, el('strong', {}, 'payload'), el('pre', {}, JSON.stringify(job.payload, null, 2))),
    job.result === undefined || job.result === null ? null
      : el('div', {}, el('strong', {}, 'result'), el('pre', {}, JSON.stringify(job.result, null, 2))),
    el('div', {}, el('strong', {}, 'attempts with errors (' + errors.length + ')'), el('ol', { id: 'job-errors' }, errors))]
    .filter((n) => n !== null));
  $('#job-id').value = String(id);
}

document.addEventListener('DOMContentLoaded', () => {
  $('#login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('#token').value.trim());
    $('#token').value = '';
    showApp();
  });
  $('#logout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin('');
  });
  $('#job-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = $('#job-id').value.trim();
    if (id) showJob(id).catch((e) => showLogin(e.message));
  });
  $('#dlq-queue').addEventListener('change', () => refresh());
  if (sessionStorage.getItem(TOKEN_KEY)) showApp(); else showLogin('');
});
