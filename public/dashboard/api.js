/* global fetch, URLSearchParams */
// The documented public API only (see /openapi.json), reading published snapshots: nothing here needs a key.

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function get(path, params = {}, lang = 'zh') {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const url = query.size ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { accept: 'application/json', 'accept-language': lang } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail ?? detail;
    } catch {
      // not a problem+json body: keep the status text
    }
    throw new ApiError(response.status, `${response.status} ${detail}`);
  }
  return response.json();
}

/** The cuts every index query takes; undefined ones are left out, so the API sees "all". */
const cut = (s) => ({ industry: s.industry, size: s.size, source: 'published' });

export const api = {
  snapshots: () => get('/v1/index-snapshots'),
  industries: (lang) => get('/v1/industries', {}, lang),
  ranking: (s) => get('/v1/rankings', { level: 'province', period: s.period, ...cut(s) }),
  region: (code, s) => get(`/v1/indices/${code}`, { period: s.period, ...cut(s) }),
  children: (code, s) => get(`/v1/indices/${code}/children`, { period: s.period, ...cut(s) }),
  series: (code, s) => get(`/v1/indices/${code}/series`, cut(s)),
};
