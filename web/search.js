// Autocomplete for the search box: before a colon it suggests keys ("Gene Symbol"), after it values of that key
// ("Gene Symbol: CDK" → CDK5RAP2…). Arrow keys move through the list, Enter picks, Escape closes.
const input = document.getElementById('search');
const list = document.getElementById('suggestions');
let active = -1;
let generation = 0;

function close() {
  list.hidden = true;
  list.replaceChildren();
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
  active = -1;
}

function show(options) {
  list.replaceChildren();
  options.forEach((option, i) => {
    const li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.id = `suggestion-${i}`;
    li.dataset.fill = option.fill;
    li.textContent = option.label;
    if (option.count != null) {
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = ` (${option.count})`;
      li.append(count);
    }
    li.addEventListener('mousedown', (e) => { e.preventDefault(); pick(li); });
    list.append(li);
  });
  list.hidden = options.length === 0;
  input.setAttribute('aria-expanded', String(options.length > 0));
  active = -1;
}

function pick(li) {
  input.value = li.dataset.fill;
  close();
  input.focus();
  // A picked key waits for its value; a picked value is a complete search.
  if (!input.value.endsWith(': ')) input.form.requestSubmit();
  else suggest();
}

function highlight(index) {
  const items = [...list.children];
  if (items.length === 0) return;
  active = (index + items.length) % items.length;
  items.forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
  input.setAttribute('aria-activedescendant', items[active].id);
  items[active].scrollIntoView({ block: 'nearest' });
}

async function suggest() {
  const text = input.value;
  const mine = ++generation;
  const colon = text.indexOf(':');
  let options;
  try {
    if (colon < 0) {
      if (text.trim().length === 0) { close(); return; }
      const response = await fetch(`/api/v1/search/keys?prefix=${encodeURIComponent(text.trim())}`, { headers: { Accept: 'application/json' } });
      const body = response.ok ? await response.json() : { data: [] };
      options = body.data.map((k) => ({ label: k.key, count: k.count, fill: `${k.key}: ` }));
    } else {
      const key = text.slice(0, colon).trim();
      const prefix = text.slice(colon + 1).trim();
      const response = await fetch(`/api/v1/search/values?key=${encodeURIComponent(key)}&prefix=${encodeURIComponent(prefix)}`, { headers: { Accept: 'application/json' } });
      const body = response.ok ? await response.json() : { data: [] };
      options = body.data.map((v) => ({ label: v.value, count: v.count, fill: `${key}: ${v.value}` }));
    }
  } catch {
    options = [];
  }
  // Answers can arrive out of order: only the latest keystroke's counts.
  if (mine === generation) show(options);
}

if (input && list) {
  let timer;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(suggest, 120); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); if (list.hidden) suggest(); else highlight(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active - 1); }
    else if (e.key === 'Escape') close();
    else if (e.key === 'Enter' && active >= 0 && !list.hidden) { e.preventDefault(); pick(list.children[active]); }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
}
