/** The shell's few icons as inline SVG: emoji fonts are not everywhere (headless browsers, some Linux desktops). */
const PATHS = {
  // A speech bubble: reply in thread.
  thread: 'M4 4h12a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H9l-4 3v-3H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
  // An eye: only visible to you.
  eye: 'M1 10s3.5-6 9-6 9 6 9 6-3.5 6-9 6-9-6-9-6zm9 3a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  // A padlock: private channel.
  lock: 'M6 9V6a4 4 0 1 1 8 0v3h1a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1h1zm2 0h4V6a2 2 0 1 0-4 0v3z',
  // A paper plane: send.
  send: 'M2 17l16-7L2 3v5.5L12 10 2 11.5z',
};

export function icon(name, size = 16) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon icon-${name}`);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', PATHS[name]);
  path.setAttribute('fill', name === 'thread' ? 'none' : 'currentColor');
  if (name === 'thread') {
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '1.6');
    path.setAttribute('stroke-linejoin', 'round');
  }
  svg.append(path);
  return svg;
}
