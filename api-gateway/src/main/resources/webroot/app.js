// The operator dashboard: the cluster's readiness, the accounts and their balances, the forms that
// move money, recent transfers and the live audit stream, all through the public HTTP API.
import { openEventStream } from './sse.js';

const TOKEN_KEY = 'bank.dashboard.token';
const HEALTH_PERIOD_MS = 5000;
const PAGE_LIMIT = 1000; // the API's largest page
const MAX_PAGES = 20;
const MAX_EVENTS = 200;
const MAX_TRANSFERS = 100;
const MAX_ROWS = 200;
const MAX_ACCOUNT_LOOKUPS = 20; // more accounts touched at once: reload the list instead
const MAX_AMOUNT = 1000000000000n;
const RETRYABLE = new Set([0, 409, 429, 500, 502, 503, 504]);
const TRANSFER_TYPES = new Set(['TransferCompleted', 'TransferRejected']);

const $ = (selector) => document.querySelector(selector);

// ---- Money: integer minor units, converted with string and BigInt arithmetic only ----

// ISO 4217 currencies whose minor unit is not 1/100, as Java's Currency (the account service) has them.
const EXPONENTS = {
  0: 'ADP BEF BIF BYB BYR CLP DJF ESP GNF GRD ISK ITL JPY KMF KRW LUF MGF PTE PYG ROL RWF TPE TRL UGX UYI VND VUV XAF XOF XPF',
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF',
};
const EXPONENT_OF = new Map(Object.entries(EXPONENTS).flatMap(([digits, codes]) =>
  codes.split(' ').map((code) => [code, Number(digits)])));
const exponent = (currency) => EXPONENT_OF.get(currency) ?? 2;

/** 1234 EUR → "12.34 EUR"; 1234567 JPY → "1,234,567 JPY". */
export function formatMoney(minor, currency) {
  if (minor === undefined || minor === null) return '';
  if (!currency) return `${minor} minor units`;
  const digits = exponent(currency);
  const value = BigInt(minor);
  const text = (value < 0n ? -value : value).toString().padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${value < 0n ? '−' : ''}${whole}${fraction} ${currency}`;
}

/** "12.34" EUR → 1234; rejects anything that is not a plain positive amount in that currency. */
export function parseAmount(input, currency) {
  const digits = exponent(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(input.trim().replace(/[\s_]/g, ''));
  const example = digits > 0 ? `12.${'34'.padEnd(digits, '0')}` : '1234';
  if (!match || (match[2] ?? '').length > digits) {
    const decimals = digits > 0 ? `at most ${digits} decimals in ${currency}` : `${currency} has no decimals`;
    throw new InputError(`Enter the amount as a number such as ${example} (${decimals}).`);
  }
  const minor = BigInt(match[1]) * 10n ** BigInt(digits) + BigInt((match[2] ?? '').padEnd(digits, '0') || '0');
  if (minor < 1n || minor > MAX_AMOUNT) {
    throw new InputError(`The amount must be between ${formatMoney(1, currency)} and ${formatMoney(MAX_AMOUNT, currency)}.`);
  }
  return Number(minor); // at most 10^12: exact in a double
}

// ---- The HTTP API ----

/** A mistake in a form, caught before any request. */
class InputError extends Error {}

/** An answer that is not a success: an HTTP status (0: no answer) and the problem+json it carried. */
class ApiError extends Error {
  constructor(status, title, detail, extra = {}) {
    super(`${title}: ${detail}`);
    Object.assign(this, { status, title, detail }, extra);
  }
}

const HINTS = {
  401: 'The gateway did not accept the token (missing, malformed, wrongly signed or expired): paste a valid one above.',
  403: "This token's roles may not do this.",
  409: 'The same request is still in flight: wait a moment and submit again.',
  429: 'Over the rate limit: wait a moment.',
  503: 'A service is unavailable: it is safe to submit the same form again.',
  504: 'The outcome is unknown: submitting the same form again gives the definite answer.',
};

let generation = 0; // counts token changes: answers to calls made with an older token are dropped

function token() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function authHeaders() {
  return token() ? { Authorization: `Bearer ${token()}` } : {};
}

async function api(method, path, { body, idempotencyKey } = {}) {
  const headers = { Accept: 'application/json, application/problem+json', ...authHeaders() };
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (idempotencyKey) {
    headers['Idempotency-Key'] = idempotencyKey;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'Gateway unreachable', 'the request got no answer; it is safe to submit the same form again.');
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: described by its status below
  }
  if (!response.ok) {
    throw new ApiError(response.status, json?.title || response.statusText || 'Error', json?.detail || HINTS[response.status] || '',
      { requestId: response.headers.get('X-Request-Id'), transferId: json?.transferId, hint: HINTS[response.status] });
  }
  return json;
}

/** Every item of a paged list, following "next" up to MAX_PAGES; truncated says whether more remain. */
async function allPages(path) {
  const items = [];
  let next = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const after = next === null ? '' : `&after=${encodeURIComponent(next)}`;
    const page = await api('GET', `${path}${separator}limit=${PAGE_LIMIT}${after}`);
    items.push(...page.items);
    next = page.next;
    pages += 1;
  } while (next && pages < MAX_PAGES);
  return { items, truncated: Boolean(next) };
}

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID(); // secure contexts only (https, localhost)
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- Small DOM helpers: text only, never HTML from the API ----

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) element.setAttribute(name, value);
  }
  element.append(...children.filter((child) => child !== undefined && child !== null));
  return element;
}

const CLOCK = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
const time = (iso) => el('time', { datetime: iso, title: iso }, iso ? new Date(iso).toLocaleTimeString([], CLOCK) : '');
const DATE_TIME = { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' };
const dateTime = (iso) => el('time', { datetime: iso, title: iso }, iso ? new Date(iso).toLocaleString([], DATE_TIME) : '');
/** INSUFFICIENT_FUNDS → "insufficient funds". */
const reasonText = (reason) => (reason ? reason.toLowerCase().replace(/_/g, ' ') : '');
const shortId = (id) => (id && id.length > 14 ? `${id.slice(0, 12)}…` : id ?? '');

function accountRef(id) {
  const account = state.accounts.get(id);
  return el('span', { class: 'id', 'data-account-id': id, title: account ? `${id} · ${account.owner}` : id }, shortId(id));
}

/** Shows a message; kind ok, warn or bad colours it (the words say the same). */
function say(element, text, kind = '') {
  element.textContent = text;
  element.dataset.kind = kind;
}

function describe(error) {
  if (!(error instanceof ApiError)) return error.message;
  const status = error.status ? ` (${error.status})` : '';
  const parts = [`${error.title}${status}`, error.detail];
  if (error.hint && error.hint !== error.detail) parts.push(error.hint);
  if (error.transferId) parts.push(`Recorded as rejected transfer ${error.transferId}.`);
  if (error.requestId) parts.push(`Request ${error.requestId}.`);
  return parts.filter(Boolean).join(' — ');
}

// ---- State ----

const state = {
  accounts: new Map(), // id → account as the API shows it
  shownBalances: new Map(), // id → balance last rendered, to highlight changes
  events: [], // newest first
  transfers: [], // transfer events, newest first
};

// ---- Token ----

function claimsOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')));
  } catch {
    return null;
  }
}

function renderToken() {
  const status = $('#token-status');
  if (!token()) {
    say(status, 'No token: calls are anonymous, which works only when the gateway runs with AUTH=off.', 'warn');
    return;
  }
  const claims = claimsOf(token());
  if (!claims) {
    say(status, 'This is not a JWT: the gateway will answer 401.', 'bad');
    return;
  }
  const roles = Array.isArray(claims.roles) && claims.roles.length ? claims.roles.join(', ') : 'no roles';
  const expiry = claims.exp ? new Date(claims.exp * 1000) : null;
  const expired = expiry && expiry < new Date();
  const when = expiry ? `${expired ? 'expired' : 'expires'} ${expiry.toLocaleString()}` : 'no expiry (the gateway requires one)';
  say(status, `Signed in as ${claims.sub ?? '(no subject)'} · ${roles} · ${when}`, expired ? 'bad' : 'ok');
}

function useToken(value) {
  const cleaned = value.trim().replace(/^Bearer\s+/i, '');
  if (cleaned) sessionStorage.setItem(TOKEN_KEY, cleaned);
  else sessionStorage.removeItem(TOKEN_KEY);
  generation += 1;
  // What the last token could see is not for this one.
  state.events = [];
  state.transfers = [];
  scheduleRender();
  $('#token').value = '';
  renderToken();
  loadAccounts();
  loadHistory();
  stream.reconnect();
}

// ---- Cluster readiness ----

async function refreshHealth() {
  let status = 0;
  let body = null;
  try {
    const response = await fetch('/health/ready', { headers: { Accept: 'application/json', ...authHeaders() }, cache: 'no-store' });
    status = response.status;
    body = await response.json().catch(() => null);
  } catch {
    // status 0: unreachable
  } finally {
    setTimeout(refreshHealth, HEALTH_PERIOD_MS);
  }
  renderHealth(status, body);
}

function renderHealth(status, body) {
  const at = new Date().toLocaleTimeString([], CLOCK);
  if (!body) {
    const why = status === 0 ? 'the gateway could not be reached' : `the gateway answered ${status}`;
    say($('#cluster-summary'), `Readiness unknown: ${why} (checked ${at}).`, 'bad');
    $('#services').classList.add('stale');
    return;
  }
  const up = body.status === 'UP';
  say($('#cluster-summary'), `${up ? 'Ready' : 'Not ready'}: ${body.status} (HTTP ${status}, checked ${at})`, up ? 'ok' : 'bad');
  const checks = [...(body.checks ?? [])].sort((a, b) =>
    (a.id === 'cluster') - (b.id === 'cluster') || String(a.id).localeCompare(String(b.id)));
  $('#services').replaceChildren(...checks.map(serviceCard));
  $('#services').classList.remove('stale');
}

function serviceCard(check) {
  const data = check.data ?? {};
  const facts = el('dl');
  const fact = (term, value, kind) => facts.append(el('dt', {}, term), el('dd', { class: kind }, String(value)));
  fact('Status', check.status, check.status === 'UP' ? 'ok' : 'bad');
  if ('instances' in data) fact('Instances', data.instances, data.instances > 0 ? '' : 'bad');
  if ('database' in data) fact('Database', data.database, data.database === 'UP' ? 'ok' : 'bad');
  if ('breaker' in data) fact('Breaker', data.breaker, breakerKind(data.breaker));
  for (const [key, value] of Object.entries(data)) {
    if (!['instances', 'database', 'breaker', 'nodes'].includes(key)) fact(key, summary(value));
  }
  const nodes = Array.isArray(data.nodes) && data.nodes.length
    ? el('ul', { class: 'nodes', 'aria-label': `${check.id} nodes` }, ...data.nodes.map((node) =>
      el('li', {}, el('span', { class: 'id' }, node.address ?? summary(node)), ' ',
        node.breaker ? el('span', { class: `pill ${breakerKind(node.breaker)}` }, node.breaker) : null)))
    : null;
  return el('article', { class: `service ${check.status === 'UP' ? 'up' : 'down'}`, 'data-service': check.id },
    el('h3', {}, check.id), facts, nodes);
}

const breakerKind = (breaker) => ({ CLOSED: 'ok', HALF_OPEN: 'warn', OPEN: 'bad' }[breaker] ?? '');

function summary(value) {
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(summary).join('; ');
  return Object.entries(value).map(([key, inner]) => `${key}: ${summary(inner)}`).join(', ');
}

// ---- Accounts ----

let accountsTruncated = false;
let loading = 0;
const touchedWhileLoading = new Set(); // read again after the list: the snapshot may predate their change

async function loadAccounts() {
  const asked = generation;
  loading += 1;
  try {
    const { items, truncated } = await allPages('/accounts');
    if (asked !== generation) return;
    state.accounts = new Map(items.map((account) => [account.id, account]));
    accountsTruncated = truncated;
    renderAccounts();
  } catch (error) {
    if (asked !== generation) return;
    say($('#accounts-status'), `Accounts could not be loaded: ${describe(error)}`, 'bad');
  } finally {
    loading -= 1;
    if (loading === 0) {
      touch([...touchedWhileLoading]);
      touchedWhileLoading.clear();
    }
  }
}

const touched = new Set();
let touchTimer = null;

/** Re-reads the accounts an event touched, a moment later and in one go. */
function touch(ids) {
  ids.forEach((id) => (loading > 0 ? touchedWhileLoading : touched).add(id));
  if (touchTimer === null && touched.size > 0) touchTimer = setTimeout(refreshTouched, 250);
}

async function refreshTouched() {
  const ids = [...touched];
  touched.clear();
  try {
    if (ids.length > MAX_ACCOUNT_LOOKUPS) {
      await loadAccounts();
    } else {
      const answers = await Promise.allSettled(ids.map((id) => api('GET', `/accounts/${encodeURIComponent(id)}`)));
      answers.filter((answer) => answer.status === 'fulfilled').forEach(({ value }) => state.accounts.set(value.id, value));
      renderAccounts();
    }
  } finally {
    touchTimer = touched.size ? setTimeout(refreshTouched, 250) : null;
  }
}

function renderAccounts() {
  const filter = $('#accounts-filter').value.trim().toLowerCase();
  const all = [...state.accounts.values()].reverse(); // the API lists oldest first
  const matching = filter
    ? all.filter((a) => `${a.owner} ${a.id} ${a.currency}`.toLowerCase().includes(filter))
    : all;
  const rows = matching.slice(0, MAX_ROWS).map((account) => {
    const before = state.shownBalances.get(account.id);
    const changed = before !== undefined && before !== account.balance;
    return el('tr', { 'data-account-id': account.id },
      el('td', {}, account.owner),
      el('td', { class: 'id' }, account.id),
      el('td', { class: `num balance${changed ? ' changed' : ''}` }, formatMoney(account.balance, account.currency)),
      el('td', {}, dateTime(account.createdAt)));
  });
  state.shownBalances = new Map(all.map((account) => [account.id, account.balance]));
  $('#accounts-rows').replaceChildren(...rows);
  const more = matching.length > MAX_ROWS ? ` Showing the newest ${MAX_ROWS}: narrow the filter.` : '';
  const cut = accountsTruncated ? ` Only the first ${MAX_PAGES * PAGE_LIMIT} accounts were loaded.` : '';
  say($('#accounts-status'), `${matching.length} of ${all.length} accounts.${more}${cut}`);
  $('#account-ids').replaceChildren(...all.slice(0, 500).map((account) =>
    el('option', { value: account.id, label: `${account.owner} · ${account.currency}` })));
}

async function accountById(id) {
  return state.accounts.get(id) ?? api('GET', `/accounts/${encodeURIComponent(id)}`);
}

// ---- Audit events: the trail at load, then the live stream ----

async function loadHistory() {
  const status = $('#transfers-status');
  const asked = generation;
  try {
    // The trail is oldest first: walk it to its end for the latest events.
    const { items, truncated } = await allPages('/audit');
    if (asked !== generation) return;
    addEvents(items.slice(-MAX_EVENTS).concat(items.filter((e) => TRANSFER_TYPES.has(e.type)).slice(-MAX_TRANSFERS)));
    // The API lists the trail oldest first only: past the cap, the newest history is not reached.
    say(status, truncated ? `Only the trail's first ${MAX_PAGES * PAGE_LIMIT} events were read: new transfers appear as they happen.` : '',
      truncated ? 'warn' : '');
  } catch (error) {
    if (asked !== generation) return;
    const why = error.status === 403 ? 'reading the trail needs an auditor or admin token' : describe(error);
    say(status, `History unavailable (${why}); new transfers still appear here as they happen.`, 'warn');
  }
}

function addEvents(events) {
  let added = false;
  for (const event of events) {
    if (typeof event?.seq !== 'number' || state.events.some((e) => e.seq === event.seq)
        || state.transfers.some((e) => e.seq === event.seq)) continue;
    state.events.push(event);
    if (TRANSFER_TYPES.has(event.type)) state.transfers.push(event);
    added = true;
  }
  if (!added) return;
  const newestFirst = (a, b) => b.seq - a.seq;
  state.events = state.events.sort(newestFirst).slice(0, MAX_EVENTS);
  state.transfers = state.transfers.sort(newestFirst).slice(0, MAX_TRANSFERS);
  scheduleRender();
}

let renderPending = false;
let renderedSeqs = new Set(); // what the last render showed: only newer items are highlighted

function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    const fresh = (event) => renderedSeqs.size > 0 && !renderedSeqs.has(event.seq);
    $('#events').replaceChildren(...state.events.map((event) => eventItem(event, fresh(event))));
    $('#transfers-rows').replaceChildren(...state.transfers.map((event) => transferRow(event, fresh(event))));
    renderedSeqs = new Set(state.events.concat(state.transfers).map((event) => event.seq));
  });
}

const TYPE_LABELS = {
  AccountOpened: 'Account opened', DepositMade: 'Deposit', WithdrawalMade: 'Withdrawal',
  TransferCompleted: 'Transfer completed', TransferRejected: 'Transfer rejected',
};

/** The event's currency: its own, else its account's (a deposit, or a transfer rejected before it had one). */
function currencyOf(event) {
  const data = event.data ?? {};
  return data.currency ?? state.accounts.get(data.from ?? data.accountId ?? event.accountIds?.[0])?.currency;
}

function eventAmount(event) {
  const amount = event.data?.amount;
  return amount === undefined ? null : formatMoney(amount, currencyOf(event));
}

function eventAccounts(event) {
  const data = event.data ?? {};
  if (data.from && data.to) return el('span', { class: 'accounts' }, accountRef(data.from), ' → ', accountRef(data.to));
  const ids = event.accountIds ?? [];
  return el('span', { class: 'accounts' }, ...ids.flatMap((id, i) => (i ? [', ', accountRef(id)] : [accountRef(id)])));
}

function eventItem(event, fresh) {
  const data = event.data ?? {};
  const detail = event.type === 'AccountOpened' ? `${data.owner ?? ''} · ${data.currency ?? ''}`
    : event.type === 'TransferRejected' ? reasonText(data.reason) : null;
  return el('li', { class: `event ${event.type}${fresh ? ' fresh' : ''}`, 'data-seq': event.seq, 'data-type': event.type, 'data-entity-id': event.entityId },
    el('div', { class: 'line' },
      el('span', { class: 'badge' }, TYPE_LABELS[event.type] ?? event.type),
      detail ? el('span', { class: 'detail' }, detail) : null,
      el('span', { class: 'num amount' }, eventAmount(event) ?? '')),
    el('div', { class: 'meta' },
      time(event.at),
      eventAccounts(event),
      el('span', { class: 'request', title: 'request id' }, event.requestId ?? '')));
}

function transferRow(event, fresh) {
  const data = event.data ?? {};
  const rejected = event.type === 'TransferRejected';
  const note = rejected ? reasonText(data.reason) : data.reference ?? '';
  return el('tr', { 'data-transfer-id': event.entityId, class: `${rejected ? 'rejected' : 'completed'}${fresh ? ' fresh' : ''}` },
    el('td', {}, time(event.at)),
    el('td', {}, accountRef(data.from)),
    el('td', {}, accountRef(data.to)),
    el('td', { class: 'num' }, eventAmount(event)),
    el('td', {}, el('span', { class: `pill ${rejected ? 'bad' : 'ok'}` }, data.status ?? (rejected ? 'REJECTED' : 'COMPLETED'))),
    el('td', { title: rejected ? data.detail ?? '' : '' }, note));
}

function onStreamEvent(message) {
  let event;
  try {
    event = JSON.parse(message.data);
  } catch {
    return; // not an audit event
  }
  addEvents([event]);
  touch(event.accountIds ?? []);
}

let streamWasDown = false;

function onStreamState({ state: connection, error, delayMs }) {
  const status = $('#stream-status');
  if (connection === 'connecting') {
    say(status, 'Connecting to the live stream…', 'warn');
  } else if (connection === 'open') {
    say(status, 'Live: new events appear at the top as they happen.', 'ok');
    if (streamWasDown) loadAccounts(); // the balances may have moved while it was down
    streamWasDown = false;
  } else {
    streamWasDown = true;
    const why = { 0: error.message, 401: '401: the token was not accepted', 403: "403: this token's roles may not read it",
      404: '404: not served by this gateway yet' }[error.status] ?? error.message;
    say(status, `Live stream unavailable (${why}), retrying in ${Math.ceil(delayMs / 1000)} s.`, 'bad');
  }
}

// ---- Forms ----

const pendingKeys = new WeakMap(); // form → {body, key} of a request whose outcome is unknown

/** The same key for the same request after an unknown outcome, a new one otherwise. */
function idempotencyKey(form, request) {
  const body = JSON.stringify(request);
  if (pendingKeys.get(form)?.body !== body) pendingKeys.set(form, { body, key: uuid() });
  return pendingKeys.get(form).key;
}

function onSubmit(selector, action) {
  const form = $(selector);
  const result = form.querySelector('.result');
  const button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async (submit) => {
    submit.preventDefault();
    button.disabled = true;
    say(result, 'Working…');
    try {
      say(result, await action(form), 'ok');
      pendingKeys.delete(form);
    } catch (error) {
      if (!RETRYABLE.has(error.status)) pendingKeys.delete(form);
      say(result, describe(error), 'bad');
    } finally {
      button.disabled = false;
    }
  });
}

onSubmit('#open-form', async (form) => {
  const owner = form.owner.value.trim();
  const currency = form.currency.value.trim().toUpperCase();
  const account = await api('POST', '/accounts', { body: { owner, currency } });
  state.accounts.set(account.id, account);
  renderAccounts();
  form.owner.value = '';
  return `Opened ${account.id} for ${account.owner} in ${account.currency}.`;
});

onSubmit('#deposit-form', async (form) => {
  const id = form.account.value.trim();
  const account = await accountById(id);
  const body = { amount: parseAmount(form.amount.value, account.currency) };
  const deposit = await api('POST', `/accounts/${encodeURIComponent(id)}/deposits`,
    { body, idempotencyKey: idempotencyKey(form, { id, body }) });
  state.accounts.set(id, { ...account, balance: deposit.balance });
  renderAccounts();
  form.amount.value = '';
  return `Deposited ${formatMoney(deposit.amount, account.currency)} into ${id}: balance ${formatMoney(deposit.balance, account.currency)}.`;
});

onSubmit('#transfer-form', async (form) => {
  const from = form.from.value.trim();
  const to = form.to.value.trim();
  const account = await accountById(from);
  const body = { from, to, amount: parseAmount(form.amount.value, account.currency) };
  const reference = form.reference.value.trim();
  if (reference) body.reference = reference;
  const transfer = await api('POST', '/transfers', { body, idempotencyKey: idempotencyKey(form, body) });
  touch([from, to]);
  form.amount.value = '';
  return `Transferred ${formatMoney(transfer.amount, transfer.currency)} from ${from} to ${to} (transfer ${transfer.id}).`;
});

// ---- Start ----

$('#token-form').addEventListener('submit', (submit) => {
  submit.preventDefault();
  useToken($('#token').value);
});
$('#token-forget').addEventListener('click', () => useToken(''));
$('#accounts-filter').addEventListener('input', renderAccounts);
$('#accounts-refresh').addEventListener('click', loadAccounts);
$('#open-currency').addEventListener('input', (input) => { input.target.value = input.target.value.toUpperCase(); });

const stream = openEventStream({ url: '/events', headers: authHeaders, onEvent: onStreamEvent, onState: onStreamState });
renderToken();
loadAccounts();
loadHistory(); // after the stream connects or not: events in both are shown once (by seq)
refreshHealth();
