// The signed-in user's bearer token, kept in sessionStorage only (never a URL, never a cookie):
// it ends with the browser tab, and signing out removes it.
const KEY = "amtsweg.session";

export function loadSession() {
  try {
    const text = sessionStorage.getItem(KEY);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}
