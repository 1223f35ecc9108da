// Server-Sent Events over fetch(): EventSource cannot send an Authorization header, so the dashboard
// reads GET /events as a stream and parses the text/event-stream format itself.
// https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation

/** Turns chunks of an event stream into events: {type, data, id}. Keeps partial lines between chunks. */
export class SseParser {
  constructor() {
    this.pending = '';
    this.dataLines = [];
    this.eventType = '';
    this.lastId = '';
    /** The reconnection delay the server asked for (a "retry:" field), in milliseconds, or null. */
    this.retry = null;
  }

  /** The complete events in this chunk of text. */
  push(text) {
    // A lone "\r" at the very end may be the first half of a "\r\n": keep it with the partial line.
    const lines = (this.pending + text).split(/\r\n|\r(?!$)|\n/);
    this.pending = lines.pop();
    const events = [];
    for (const line of lines) {
      const event = this.readLine(line);
      if (event) {
        events.push(event);
      }
    }
    return events;
  }

  readLine(line) {
    if (line === '') {
      return this.dispatch();
    }
    if (line.startsWith(':')) {
      return null; // a comment, e.g. ": keep-alive"
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    switch (field) {
      case 'event': this.eventType = value; break;
      case 'data': this.dataLines.push(value); break;
      case 'id': if (!value.includes('\0')) this.lastId = value; break;
      case 'retry': if (/^\d+$/.test(value)) this.retry = Number(value); break;
      default: break; // unknown fields are ignored
    }
    return null;
  }

  dispatch() {
    const data = this.dataLines;
    const type = this.eventType;
    this.dataLines = [];
    this.eventType = '';
    if (data.length === 0) {
      return null;
    }
    return { type: type || 'message', data: data.join('\n'), id: this.lastId };
  }
}

/** Why a stream could not be opened: an HTTP status (0 when the gateway could not be reached). */
export class StreamError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

/**
 * Reads an event stream and reconnects with exponential backoff (1 s doubling up to 30 s, jittered),
 * sending Last-Event-ID so that the server can resume after the last event seen.
 *
 * @param {object} options
 * @param {string} options.url
 * @param {() => object} options.headers headers for each connection, e.g. the current token
 * @param {(event: {type: string, data: string, id: string}) => void} options.onEvent
 * @param {(state: {state: 'connecting'|'open'|'retrying', error?: StreamError, delayMs?: number}) => void} options.onState
 * @returns {{reconnect: () => void, close: () => void}}
 */
export function openEventStream({ url, headers, onEvent, onState }) {
  let lastEventId = null;
  let closed = false;
  let connection = null; // aborts the current request, or the wait before the next one
  let attempt = 0;

  async function connectOnce(signal) {
    const requestHeaders = { Accept: 'text/event-stream', ...headers() };
    if (lastEventId !== null) {
      requestHeaders['Last-Event-ID'] = lastEventId;
    }
    let response;
    try {
      response = await fetch(url, { headers: requestHeaders, signal, cache: 'no-store' });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new StreamError(0, 'the gateway could not be reached');
    }
    const type = response.headers.get('Content-Type') || '';
    if (!response.ok || !type.startsWith('text/event-stream')) {
      response.body?.cancel().catch(() => {});
      throw new StreamError(response.status, `${response.status} ${response.statusText}`.trim());
    }
    onState({ state: 'open' });
    attempt = 0;
    const parser = new SseParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return parser.retry;
      }
      for (const event of parser.push(value)) {
        if (event.id !== '') {
          lastEventId = event.id;
        }
        onEvent(event);
      }
    }
  }

  async function run() {
    while (!closed) {
      const controller = new AbortController();
      connection = controller;
      onState({ state: 'connecting' });
      let error = new StreamError(0, 'the stream ended');
      let retry = null;
      try {
        retry = await connectOnce(controller.signal);
      } catch (failure) {
        if (!(failure instanceof StreamError) && !controller.signal.aborted) {
          error = new StreamError(0, 'the stream was cut');
        } else if (failure instanceof StreamError) {
          error = failure;
        }
      }
      if (closed) return;
      if (controller.signal.aborted) continue; // reconnect() asked for a new connection now
      const backoff = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt);
      const delayMs = Math.max(retry ?? 0, Math.round(backoff * (0.5 + Math.random() / 2)));
      attempt += 1;
      onState({ state: 'retrying', error, delayMs });
      await wait(delayMs, controller.signal);
    }
  }

  run();
  return {
    /** Drops the connection (or the wait) and connects again at once, e.g. with a new token. */
    reconnect() {
      attempt = 0;
      connection?.abort();
    },
    close() {
      closed = true;
      connection?.abort();
    },
  };
}

function wait(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
