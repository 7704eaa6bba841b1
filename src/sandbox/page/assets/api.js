/**
 * The page's calls to its server. Each resolves to `{ ok, status, data, error }` and never throws, so a
 * failed call turns into a toast and nothing else changes.
 */
import { S } from './strings.js';

const BASE = '/sandbox/api';

async function call(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    return { ok: false, status: 0, data: null, error: S.networkError };
  }
  const text = await response.text();
  let data = null;
  try {
    data = text === '' ? null : JSON.parse(text);
  } catch {
    data = null;
  }
  if (response.ok) return { ok: true, status: response.status, data, error: null };
  const error =
    (data && typeof data.error === 'string' && data.error) || `HTTP ${response.status} ${text.slice(0, 200)}`;
  return { ok: false, status: response.status, data, error };
}

function post(path, body) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export const api = {
  state: (persona) => call(`${BASE}/state${persona ? `?persona=${encodeURIComponent(persona)}` : ''}`),
  command: (body) => post(`${BASE}/command`, body),
  action: (body) => post(`${BASE}/action`, body),
  submit: (body) => post(`${BASE}/submit`, body),
  close: (persona) => post(`${BASE}/close`, { persona }),
  home: (persona, tab = 'home') => post(`${BASE}/home`, { persona, tab }),
  shortcut: (body) => post(`${BASE}/shortcut`, body),
  dismiss: (body) => post(`${BASE}/dismiss`, body),
  status: (persona, status) => post(`${BASE}/status`, { persona, status }),
  /** The bot's own development endpoints (not the page's server). */
  control: (path, body) => post(path, body),
  eventsUrl: `${BASE}/events`,
};
