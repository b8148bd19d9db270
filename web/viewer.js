// The image viewer: OpenSeadragon over Tessera's rendered tiles. Rendering controls (channels, windows, colours,
// model, z, t, projection) change the tile URLs; the view (those plus zoom and centre) lives in the query string so
// a copied link reopens it. Tessera's tile level 0 is full resolution while OpenSeadragon counts from the smallest.
/* global OpenSeadragon */

const layout = document.querySelector('.viewer-layout');
const imageId = layout.dataset.imageId;
const params = new URLSearchParams(window.location.search);
const state = { z: 0, t: 0, model: 'c', projection: false, channels: [] };
let info;
let viewer;
let rois = null;

const $ = (id) => document.getElementById(id);

function intParam(name, fallback, max) {
  const value = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isInteger(value) && value >= 0 && value < max ? value : fallback;
}

// c=1|0:4000$FF0000,-2|100:200$00FF00 (OMERO.web's form; 1-based, a minus for inactive).
function applyChannelParam(text) {
  text.split(',').forEach((entry) => {
    const match = /^(-?)(\d+)(?:\|(-?[\d.]+):(-?[\d.]+))?(?:\$([0-9A-Fa-f]{6}))?$/.exec(entry.trim());
    if (!match) return;
    const channel = state.channels[Number(match[2]) - 1];
    if (!channel) return;
    channel.active = match[1] !== '-';
    if (match[3] !== undefined) { channel.start = Number(match[3]); channel.end = Number(match[4]); }
    if (match[5]) channel.color = match[5].toUpperCase();
  });
}

function channelParam() {
  return state.channels.map((c, i) => `${c.active ? '' : '-'}${i + 1}|${c.start}:${c.end}$${c.color}`).join(',');
}

function renderQuery() {
  const q = new URLSearchParams();
  q.set('z', state.z);
  q.set('t', state.t);
  q.set('c', channelParam());
  q.set('m', state.model);
  q.set('p', state.projection ? 'intmax' : 'normal');
  return q;
}

function viewQuery() {
  const q = renderQuery();
  if ($('rois').checked) q.set('rois', '1');
  return q;
}

function recordView() {
  const q = viewQuery();
  if (viewer?.viewport) {
    const center = viewer.viewport.getCenter(false);
    q.set('zoom', viewer.viewport.getZoom(false).toFixed(4));
    q.set('x', center.x.toFixed(5));
    q.set('y', center.y.toFixed(5));
  }
  history.replaceState(null, '', `${window.location.pathname}?${q}`);
}

function tileSource() {
  const maxLevel = info.levels - 1;
  const width = info.tile_size.width;
  const height = info.tile_size.height;
  const query = renderQuery().toString();
  const source = new OpenSeadragon.TileSource({
    width: info.size.width, height: info.size.height, tileWidth: width, tileHeight: height, tileOverlap: 0, minLevel: 0, maxLevel,
  });
  // Pyramid levels need not halve exactly: the server says how each level scales.
  source.getLevelScale = (level) => info.zoomLevelScaling[String(maxLevel - level)] ?? 1 / 2 ** (maxLevel - level);
  source.getTileUrl = (level, x, y) => `/render/${imageId}?tile=${maxLevel - level},${x},${y},${width},${height}&${query}&format=jpeg`;
  return source;
}

let redrawTimer;
function redraw() {
  recordView();
  clearTimeout(redrawTimer);
  // Dragging a slider fires many changes: tiles are asked for once it settles.
  redrawTimer = setTimeout(() => {
    viewer.addTiledImage({ tileSource: tileSource(), index: 0, replace: true });
  }, 60);
}

function buildChannels() {
  const fieldset = $('channels');
  const [rangeMin, rangeMax] = info.pixel_range ?? [0, 255];
  const integral = !/float/.test(info.meta.pixelsType ?? '');
  state.channels.forEach((channel, i) => {
    const n = i + 1;
    const row = document.createElement('div');
    row.className = 'channel';
    const min = Math.min(rangeMin, channel.start);
    const max = Math.max(rangeMax, channel.end);
    const step = integral ? 1 : (max - min) / 1000;
    row.innerHTML = `
      <p class="channel-head"><input type="checkbox" class="channel-toggle" id="channel-${n}" data-channel="${n}">
      <label for="channel-${n}" class="channel-label"></label>
      <input type="color" class="channel-color" data-channel="${n}" aria-label="Colour of channel ${n}"></p>
      <p class="channel-window"><label>Start <input type="range" class="window-start" data-channel="${n}" min="${min}" max="${max}" step="${step}"></label>
      <label>End <input type="range" class="window-end" data-channel="${n}" min="${min}" max="${max}" step="${step}"></label>
      <output class="window-value" data-channel="${n}"></output></p>`;
    row.querySelector('.channel-label').textContent = channel.label;
    const toggle = row.querySelector('.channel-toggle');
    const color = row.querySelector('.channel-color');
    const start = row.querySelector('.window-start');
    const end = row.querySelector('.window-end');
    const output = row.querySelector('.window-value');
    toggle.checked = channel.active;
    color.value = `#${channel.color.toLowerCase()}`;
    start.value = channel.start;
    end.value = channel.end;
    output.textContent = `${channel.start} – ${channel.end}`;
    toggle.addEventListener('change', () => { channel.active = toggle.checked; redraw(); });
    color.addEventListener('change', () => { channel.color = color.value.slice(1).toUpperCase(); redraw(); });
    const windowChanged = () => {
      channel.start = Number(start.value);
      channel.end = Number(end.value);
      output.textContent = `${channel.start} – ${channel.end}`;
    };
    for (const slider of [start, end]) {
      slider.addEventListener('input', windowChanged);
      slider.addEventListener('change', () => { windowChanged(); redraw(); });
    }
    fieldset.append(row);
  });
}

function buildPlanes() {
  const planes = $('planes');
  for (const [axis, size, label] of [['z', info.size.z, 'Z plane'], ['t', info.size.t, 'Time point']]) {
    if (size <= 1) continue;
    const p = document.createElement('p');
    p.innerHTML = `<label for="${axis}"></label> <input type="range" id="${axis}" min="0" max="${size - 1}" step="1"> <output for="${axis}"></output>`;
    p.querySelector('label').textContent = label;
    const input = p.querySelector('input');
    const output = p.querySelector('output');
    input.value = state[axis];
    output.textContent = `${state[axis] + 1} / ${size}`;
    input.addEventListener('input', () => { output.textContent = `${Number(input.value) + 1} / ${size}`; });
    input.addEventListener('change', () => { state[axis] = Number(input.value); redraw(); });
    planes.append(p);
  }
}

const units = { micrometer: 'µm', nanometer: 'nm', millimeter: 'mm', meter: 'm' };
function updateScaleBar() {
  const bar = $('scale-bar');
  const size = info.pixel_size?.x;
  if (!size || !viewer.viewport) { bar.hidden = true; return; }
  bar.hidden = false;
  const screenPerImagePixel = viewer.viewport.viewportToImageZoom(viewer.viewport.getZoom(true));
  const perScreenPixel = size / screenPerImagePixel;
  // The largest 1, 2 or 5 × 10ⁿ that fits in about 120 screen pixels.
  const target = perScreenPixel * 120;
  const power = 10 ** Math.floor(Math.log10(target));
  const nice = [5, 2, 1].map((m) => m * power).find((v) => v <= target) ?? power;
  let unit = units[info.pixel_size.unit ?? 'micrometer'] ?? info.pixel_size.unit ?? 'µm';
  let shown = nice;
  if (unit === 'µm' && nice >= 1000) { shown = nice / 1000; unit = 'mm'; }
  bar.querySelector('.scale-bar-line').style.width = `${Math.round(nice / perScreenPixel)}px`;
  bar.querySelector('.scale-bar-label').textContent = `${Number(shown.toPrecision(3))} ${unit}`;
  bar.dataset.length = String(nice);
}

const SVG = 'http://www.w3.org/2000/svg';
async function loadRois() {
  const response = await fetch(`/api/v1/images/${imageId}/rois`, { headers: { Accept: 'application/geo+json, application/json' } });
  const geo = response.ok ? await response.json() : { features: [] };
  rois = geo.type === 'Feature' ? [geo] : (geo.features ?? []);
  $('roi-count').textContent = `(${rois.length})`;
  const svg = $('roi-overlay');
  svg.replaceChildren();
  for (const feature of rois) {
    const g = feature.geometry;
    if (!g) continue;
    let shape;
    if (g.type === 'Polygon') {
      shape = document.createElementNS(SVG, 'polygon');
      shape.setAttribute('points', g.coordinates[0].map(([x, y]) => `${x},${y}`).join(' '));
    } else if (g.type === 'LineString') {
      shape = document.createElementNS(SVG, 'polyline');
      shape.setAttribute('points', g.coordinates.map(([x, y]) => `${x},${y}`).join(' '));
    } else if (g.type === 'Point') {
      shape = document.createElementNS(SVG, 'circle');
      shape.setAttribute('cx', g.coordinates[0]);
      shape.setAttribute('cy', g.coordinates[1]);
      shape.classList.add('roi-point');
    } else continue;
    shape.classList.add('roi');
    shape.setAttribute('vector-effect', 'non-scaling-stroke');
    const title = document.createElementNS(SVG, 'title');
    title.textContent = feature.properties?.name ?? feature.properties?.shape ?? g.type;
    shape.append(title);
    svg.append(shape);
  }
  updateOverlay();
}

function updateOverlay() {
  const svg = $('roi-overlay');
  if (svg.hidden || !viewer.viewport) return;
  const r = viewer.viewport.viewportToImageRectangle(viewer.viewport.getBoundsNoRotate(true));
  svg.setAttribute('viewBox', `${r.x} ${r.y} ${r.width} ${r.height}`);
  const radius = 4 / viewer.viewport.viewportToImageZoom(viewer.viewport.getZoom(true));
  for (const point of svg.querySelectorAll('.roi-point')) point.setAttribute('r', radius);
}

async function setUpSaving() {
  const button = $('save-settings');
  const session = await fetch('/api/v1/session', { headers: { Accept: 'application/json' } }).then((r) => r.json());
  const perms = info.perms ?? {};
  // Any logged-in reader may save their own settings (OMERO's "render" right: the server allows it); anonymous
  // visitors may not, whatever the perms say.
  if (session.anonymous || !session.csrfToken) return;
  button.dataset.canEdit = String(Boolean(perms.canEdit));
  button.hidden = false;
  button.addEventListener('click', async () => {
    const status = $('save-status');
    const body = {
      model: state.model === 'g' ? 'greyscale' : 'color',
      channels: state.channels.map((c) => ({ label: c.label, color: c.color, start: c.start, end: c.end, active: c.active })),
    };
    const token = (await fetch('/api/v1/session').then((r) => r.json())).csrfToken;
    const response = await fetch(`/api/v1/images/${imageId}/rendering`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
      body: JSON.stringify(body),
    });
    status.textContent = response.ok ? 'Saved.' : `Not saved (${response.status}).`;
  });
}

async function start() {
  const response = await fetch(`/api/v1/images/${imageId}/viewer`, { headers: { Accept: 'application/json' } });
  if (!response.ok) { $('viewer').textContent = `Could not load the image (${response.status}).`; return; }
  info = await response.json();
  state.channels = info.channels.map((c) => ({
    label: c.label, active: c.active, start: c.window.start, end: c.window.end, color: String(c.color).replace('#', '').toUpperCase(),
  }));
  state.model = info.rdefs.model === 'greyscale' ? 'g' : 'c';
  state.projection = info.rdefs.projection === 'intmax';
  state.z = intParam('z', info.rdefs.defaultZ ?? 0, info.size.z);
  state.t = intParam('t', info.rdefs.defaultT ?? 0, info.size.t);
  if (params.get('c')) applyChannelParam(params.get('c'));
  if (params.get('m') === 'g' || params.get('m') === 'c') state.model = params.get('m');
  if (params.get('p')) state.projection = params.get('p').startsWith('intmax');

  buildChannels();
  buildPlanes();
  const model = $('model');
  model.value = state.model;
  model.addEventListener('change', () => { state.model = model.value; redraw(); });
  const projection = $('projection');
  projection.checked = state.projection;
  projection.disabled = info.size.z <= 1;
  projection.addEventListener('change', () => { state.projection = projection.checked; redraw(); });

  viewer = OpenSeadragon({
    element: $('viewer'),
    prefixUrl: '/static/vendor/openseadragon/images/',
    tileSources: tileSource(),
    drawer: 'canvas',
    showNavigator: true,
    crossOriginPolicy: false,
    gestureSettingsMouse: { clickToZoom: false },
  });
  window.tesseraViewer = viewer;
  viewer.addOnceHandler('open', () => {
    const zoom = Number.parseFloat(params.get('zoom'));
    const x = Number.parseFloat(params.get('x'));
    const y = Number.parseFloat(params.get('y'));
    if (Number.isFinite(zoom) && zoom > 0) viewer.viewport.zoomTo(zoom, null, true);
    if (Number.isFinite(x) && Number.isFinite(y)) viewer.viewport.panTo(new OpenSeadragon.Point(x, y), true);
    updateScaleBar();
    updateOverlay();
    document.body.dataset.viewerReady = 'true';
  });
  viewer.addHandler('animation', () => { updateScaleBar(); updateOverlay(); });
  viewer.addHandler('resize', () => { updateScaleBar(); updateOverlay(); });
  viewer.addHandler('animation-finish', recordView);

  const roiToggle = $('rois');
  const showRois = async () => {
    const svg = $('roi-overlay');
    svg.hidden = !roiToggle.checked;
    if (roiToggle.checked && rois === null) await loadRois();
    updateOverlay();
    recordView();
  };
  roiToggle.addEventListener('change', showRois);
  if (params.get('rois') === '1') {
    roiToggle.checked = true;
    showRois();
  }
  setUpSaving().catch(() => {});
}

start().catch((e) => { $('viewer').textContent = `The viewer failed: ${e.message}`; });
