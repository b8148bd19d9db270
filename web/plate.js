// The plate grid: every well thumbnail of a field comes from one sprite whose layout the API gives, drawn as each
// cell's background. Changing the field swaps the sprite without reloading the page; hovering (or focusing) a well
// fetches its key-value annotations once and puts them in its title and the details box.
const grid = document.getElementById('plate-grid');
const select = document.getElementById('field');
const status = document.getElementById('plate-status');
const details = document.getElementById('well-details');
const annotations = new Map();

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error(`could not load ${url}`));
    image.src = url;
  });
}

async function draw(field) {
  document.body.dataset.plateLoaded = 'false';
  status.textContent = 'Loading…';
  const plateId = grid.dataset.plateId;
  const size = grid.dataset.size;
  const response = await fetch(`/api/v1/plates/${plateId}/thumbnails?field=${field}&size=${size}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) { status.textContent = `Could not load the layout (${response.status})`; return; }
  const layout = await response.json();
  await loadImage(layout.sprite);
  const byId = new Map(layout.wells.map((w) => [String(w.wellId), w]));
  for (const cell of grid.querySelectorAll('.well')) {
    const well = byId.get(cell.dataset.wellId);
    const link = cell.querySelector('a.well-link');
    if (!well || well.imageId == null) {
      cell.dataset.imageId = '';
      cell.style.backgroundImage = 'none';
      cell.classList.add('no-image');
      link?.removeAttribute('href');
      continue;
    }
    cell.classList.remove('no-image');
    cell.dataset.imageId = String(well.imageId);
    cell.style.backgroundImage = `url("${layout.sprite}")`;
    cell.style.backgroundPosition = `-${well.x}px -${well.y}px`;
    cell.style.backgroundSize = `${layout.width}px ${layout.height}px`;
    if (link) link.href = `/viewer/${well.imageId}`;
    else {
      const a = document.createElement('a');
      a.className = 'well-link';
      a.href = `/viewer/${well.imageId}`;
      a.setAttribute('aria-label', `Well ${cell.dataset.name}`);
      cell.replaceChildren(a);
    }
  }
  grid.dataset.field = String(field);
  status.textContent = '';
  // The browser tests time navigation → this attribute.
  document.body.dataset.plateLoaded = 'true';
}

async function describe(cell) {
  const id = cell.dataset.wellId;
  if (!id) return;
  if (!annotations.has(id)) {
    annotations.set(id, fetch(`/api/v1/wells/${id}/annotations`, { headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : { data: [] }))
      .then((body) => body.data.flatMap((a) => a.pairs ?? []).map(([k, v]) => `${k}: ${v}`)));
  }
  const lines = await annotations.get(id);
  cell.title = [`Well ${cell.dataset.name}`, ...lines].join('\n');
  details.textContent = '';
  const heading = document.createElement('strong');
  heading.textContent = `Well ${cell.dataset.name}`;
  details.append(heading);
  if (lines.length > 0) {
    const ul = document.createElement('ul');
    for (const line of lines) {
      const li = document.createElement('li');
      li.textContent = line;
      ul.append(li);
    }
    details.append(ul);
  }
}

if (grid) {
  grid.addEventListener('mouseover', (e) => { const cell = e.target.closest('.well'); if (cell) describe(cell); });
  grid.addEventListener('focusin', (e) => { const cell = e.target.closest('.well'); if (cell) describe(cell); });
  grid.addEventListener('click', (e) => {
    const cell = e.target.closest('.well');
    if (cell && !e.target.closest('a') && cell.dataset.imageId) window.location.assign(`/viewer/${cell.dataset.imageId}`);
  });
  select?.addEventListener('change', () => {
    const url = new URL(window.location.href);
    url.searchParams.set('field', select.value);
    history.replaceState(null, '', url);
    draw(select.value).catch((e) => { status.textContent = e.message; });
  });
  // The page already placed every well on the sprite (preloaded in the head): the first field is drawn once the
  // sprite has arrived; other fields go through the layout API.
  loadImage(grid.dataset.sprite)
    .then(() => { document.body.dataset.plateLoaded = 'true'; })
    .catch((e) => { status.textContent = e.message; });
}
