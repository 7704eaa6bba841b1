/** One popup menu at a time (persona switcher, a message's ⋮ menu): keyboard and outside-click aware. */
import { h } from './dom.js';

let open = null; // { menu, anchor, cleanup }

/**
 * `items`: `{ label, detail?, icon?, current?, onSelect }`. The menu gets `role="menu"`, each item
 * `role="menuitem"`, named by its label (and detail).
 */
export function openMenu(anchor, items, { label, className = '' } = {}) {
  closeMenu();
  const menu = h('div', { class: `menu ${className}`, role: 'menu', 'aria-label': label });
  for (const item of items) {
    const button = h(
      'button',
      {
        type: 'button',
        class: `menu-item${item.current ? ' menu-item-current' : ''}`,
        role: 'menuitem',
        'aria-current': item.current ? 'true' : null,
        onclick: () => {
          closeMenu();
          item.onSelect();
        },
      },
      item.icon ?? null,
      h(
        'span',
        { class: 'menu-item-text' },
        h('span', { class: 'menu-item-label' }, item.label),
        item.detail ? h('span', { class: 'menu-item-detail' }, item.detail) : null,
      ),
    );
    menu.append(button);
  }
  if (items.length === 0) menu.append(h('div', { class: 'menu-empty' }, label));
  document.body.append(menu);
  position(menu, anchor);
  anchor.setAttribute('aria-expanded', 'true');

  const onKey = (event) => {
    const buttons = [...menu.querySelectorAll('[role="menuitem"]')];
    const index = buttons.indexOf(document.activeElement);
    if (event.key === 'Escape') {
      event.stopPropagation();
      closeMenu();
      anchor.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      buttons[(index + step + buttons.length) % buttons.length]?.focus();
    }
  };
  const onOutside = (event) => {
    if (!menu.contains(event.target) && !anchor.contains(event.target)) closeMenu();
  };
  menu.addEventListener('keydown', onKey);
  setTimeout(() => document.addEventListener('mousedown', onOutside), 0);
  open = {
    menu,
    anchor,
    cleanup: () => document.removeEventListener('mousedown', onOutside),
  };
  (menu.querySelector('.menu-item-current') ?? menu.querySelector('[role="menuitem"]'))?.focus();
}

export function closeMenu() {
  if (!open) return;
  open.cleanup();
  open.menu.remove();
  open.anchor.setAttribute('aria-expanded', 'false');
  open = null;
}

export function isMenuOpen() {
  return open !== null;
}

/** After a re-render: a menu whose button was replaced has nothing to hang on, so it closes. */
export function closeMenuIfDetached() {
  if (open && !open.anchor.isConnected) closeMenu();
}

/** Below the anchor, or above it when there is no room; kept inside the window. */
function position(menu, anchor) {
  const rect = anchor.getBoundingClientRect();
  const width = menu.offsetWidth;
  const height = menu.offsetHeight;
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
  const below = rect.bottom + 4;
  const top = below + height > window.innerHeight - 8 ? Math.max(8, rect.top - height - 4) : below;
  menu.style.left = `${left}px`;
  menu.style.top = `${top}px`;
}
