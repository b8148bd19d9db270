// The login form posts JSON to the API (which sets the session cookie) and goes back where the visitor came from.
const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

form?.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const response = await fetch('/api/v1/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ userName: form.username.value, password: form.password.value }),
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail ?? `login failed (${response.status})`);
    }
    const back = form.dataset.return ?? '/';
    // Only paths on this site (the server already checks; this guards a hand-edited attribute too).
    window.location.assign(back.startsWith('/') && !back.startsWith('//') ? back : '/');
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
    button.disabled = false;
  }
});
