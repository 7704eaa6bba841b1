/** `cost_of_delay: { per_day: 2500000, currency: IDR }`: what one business day of waiting costs the project. */
import type { Project } from '../domain/project.js';
import type { Path, Problems } from './problems.js';
import { describe, isAbsent, readSection } from './readers.js';

const COST_KEYS = ['per_day', 'currency'] as const;
const CURRENCY = /^[A-Z]{3}$/;

/** undefined: not set (no cost shown); null: invalid (reported). */
export function readCostOfDelay(
  problems: Problems,
  path: Path,
  value: unknown,
): Project['costOfDelay'] | null | undefined {
  if (isAbsent(value)) return undefined;
  const section = readSection(problems, path, value, 'e.g. { per_day: 2500000, currency: IDR }', COST_KEYS);
  if (section === undefined) return null;
  const { per_day: perDay, currency } = section.obj;
  // A misspelt key is reported as such (with its suggestion), not again as a missing value.
  if (section.misspelt.size > 0) return null;
  let ok = true;
  if (typeof perDay !== 'number' || !Number.isFinite(perDay) || perDay <= 0) {
    problems.add(
      [...path, 'per_day'],
      `${describe(perDay)} is not an amount per business day (a plain number above 0, no currency or separators, e.g. 2500000)`,
    );
    ok = false;
  }
  if (typeof currency !== 'string' || !CURRENCY.test(currency) || !isKnownCurrency(currency)) {
    problems.add(
      [...path, 'currency'],
      `${describe(currency)} is not a currency code (use the three capital letters of ISO 4217, e.g. IDR, USD, EUR)`,
    );
    ok = false;
  }
  return ok ? { perDay: perDay as number, currency: currency as string } : null;
}

function isKnownCurrency(code: string): boolean {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().currency === code
    );
  } catch {
    return false;
  }
}
