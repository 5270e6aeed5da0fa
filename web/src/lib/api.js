// The REST API as the UI uses it: every call with the bearer token, JSON in and out, errors as
// ApiError with the server's code, message and details (a 422's field list). Only /api/v1.

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

// An API client for `token`. `onUnauthorized` is told when the server answers 401 (the token
// expired or was revoked), so the page can return to sign-in.
export function apiClient(token, onUnauthorized = () => {}) {
  async function request(method, path, { body, headers = {}, raw = false } = {}) {
    const init = { method, headers: { Authorization: `Bearer ${token}`, ...headers } };
    if (body !== undefined) {
      if (body instanceof Blob || body instanceof ArrayBuffer) init.body = body;
      else {
        init.body = JSON.stringify(body);
        init.headers["Content-Type"] = "application/json";
      }
    }
    let response;
    try {
      response = await fetch(`/api/v1${path}`, init);
    } catch {
      throw new ApiError(0, "network", "Der Server ist nicht erreichbar.", null);
    }
    if (response.status === 401) onUnauthorized();
    if (response.status === 304) return { notModified: true, etag: response.headers.get("ETag") };
    if (!response.ok) {
      let error = {};
      try {
        error = (await response.json()).error || {};
      } catch {}
      throw new ApiError(response.status, error.code || "http_" + response.status, error.message || response.statusText, error.details);
    }
    if (raw) return response;
    const data = response.status === 204 ? null : await response.json();
    return { data, etag: response.headers.get("ETag") };
  }
  return {
    get: async (path, headers) => (await request("GET", path, { headers })).data,
    getConditional: (path, etag) => request("GET", path, { headers: etag ? { "If-None-Match": etag } : {} }),
    post: async (path, body, headers) => (await request("POST", path, { body, headers })).data,
    put: async (path, body) => (await request("PUT", path, { body })).data,
    delete: async (path) => (await request("DELETE", path)).data,
    text: async (path) => (await request("GET", path, { raw: true })).text(),
    blob: async (path) => (await request("GET", path, { raw: true })).blob(),
    upload: async (path, file, headers) =>
      (await request("POST", path, { body: file, headers: { "Content-Type": file.type || "application/octet-stream", ...headers } })).data,
  };
}

// Query string from an object, leaving out empty values.
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== "" && value !== false) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}
