import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { asObjects, asString, isObject } from '../json.js';
import { projectRoot } from '../reference.js';

export interface MessageShortcut {
  callbackId: string;
  name: string;
  description: string;
}

export interface ManifestFacts {
  /** What a message's ⋮ menu offers, as Slack builds it from the app's manifest. */
  shortcuts: MessageShortcut[];
  /** The slash command's description and usage hint, for the composer's hint line. */
  commands: Array<{ command: string; description: string; usageHint: string }>;
}

/**
 * Reads the app's `manifest.yml` (what Slack knows about the app) rather than the bot's code: the stand-in
 * is Slack's side. A missing or unreadable manifest leaves the menus empty instead of breaking the page.
 */
export function readManifest(file = path.join(projectRoot(), 'manifest.yml')): ManifestFacts {
  let manifest: unknown;
  try {
    manifest = parse(readFileSync(file, 'utf8'));
  } catch {
    return { shortcuts: [], commands: [] };
  }
  const features = isObject(manifest) && isObject(manifest.features) ? manifest.features : {};
  const shortcuts = asObjects(features.shortcuts)
    .filter((s) => s.type === 'message' && typeof s.callback_id === 'string')
    .map((s) => ({
      callbackId: String(s.callback_id),
      name: asString(s.name) ?? String(s.callback_id),
      description: asString(s.description) ?? '',
    }));
  const commands = asObjects(features.slash_commands)
    .filter((c) => typeof c.command === 'string')
    .map((c) => ({
      command: String(c.command),
      description: asString(c.description) ?? '',
      usageHint: asString(c.usage_hint) ?? '',
    }));
  return { shortcuts, commands };
}
