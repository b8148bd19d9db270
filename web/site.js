// Every page: the logout button. Writes with the session cookie need the CSRF token from /api/v1/session.

/** The CSRF token of the current cookie session (null when anonymous). */
export async function csrfToken() {
  const response = await fetch('/api/v1/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) return null;
  return (await response.json()).csrfToken ?? null;
}

const logout = document.getElementById('logout');
if (logout) {
  logout.addEventListener('click', async () => {
    logout.disabled = true;
    const token = await csrfToken();
    await fetch('/api/v1/logout', { method: 'POST', credentials: 'same-origin', headers: token ? { 'X-CSRF-Token': token } : {} });
    window.location.assign('/');
  });
}
