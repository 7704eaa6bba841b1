import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveReferenceDir } from '../src/sandbox/reference.js';
import { slackUsage } from './support/slack-usage.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Slack's reference data: the project's own copy. */
const REFERENCE = resolveReferenceDir();

/** What the code uses of Slack: the Web API methods it calls and the events it listens to, read from src/. */
const usage = slackUsage();

/**
 * Methods called on the bot's token by the framework rather than by our code: Bolt calls auth.test when the app
 * starts (no scope needed). Socket Mode's apps.connections.open uses the app-level token, not a bot scope.
 */
const FRAMEWORK_METHODS = ['auth.test'] as const;

/**
 * Web API methods the bot calls, each needing `methods/<name>.json` in the reference or, failing that, an
 * operation in Slack's OpenAPI spec.
 */
const METHODS = [...new Set([...usage.methods.keys(), ...FRAMEWORK_METHODS])].sort();

/** Scopes needed by features rather than by a method or an event. */
const FEATURE_SCOPES: Record<string, string> = { commands: 'slash commands and shortcuts' };

interface Manifest {
  _metadata: { major_version: number };
  display_information: { name: string; description: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: { command: string; url: string; usage_hint: string; description: string }[];
    shortcuts: { name: string; type: string; callback_id: string }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

interface SlackEvent {
  name: string;
  scopes?: string[];
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

// ajv-formats is CommonJS: under NodeNext its default import is the module object, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

const manifest = parse(readFileSync(resolve(ROOT, 'manifest.yml'), 'utf8')) as Manifest;
const botScopes = new Set(manifest.oauth_config.scopes.bot);

/**
 * The scopes a method (`scope.bot`) or event (`scopes`) accepts. Slack lists alternatives there: one per kind of
 * conversation (`channels:read` for public channels, `groups:read` for private ones, …), so one of them suffices.
 * The event catalogue spells one scope with a dot (`app_mentions.read`); the real scope is `app_mentions:read`.
 */
function alternatives(scopes: readonly string[]): string[] {
  return scopes.map((scope) => (scope === 'app_mentions.read' ? 'app_mentions:read' : scope));
}

function methodScopes(method: string): string[] {
  const path = resolve(REFERENCE, 'methods', `${method}.json`);
  if (!existsSync(path)) return alternatives(openApiScopes(method));
  const file = readJson(path) as { scope?: { bot?: string[] } };
  return alternatives(file.scope?.bot ?? []);
}

interface OpenApiOperation {
  /** `[{ slackAuth: [scopes…] }]`: Slack lists alternatives there too (one per kind of conversation). */
  security?: Record<string, string[]>[];
}

const openApi = readJson(resolve(REFERENCE, 'web-api-openapi-v2-2020.json')) as {
  paths: Record<string, Record<string, OpenApiOperation>>;
};

/**
 * The scopes of a method known only from the OpenAPI spec (no `methods/<name>.json`). Only for those: the 2020
 * spec still names some methods' scopes by their pre-granular names (`chat:write:bot`).
 */
function openApiScopes(method: string): string[] {
  const operations = openApi.paths[`/${method}`];
  if (operations === undefined) throw new Error(`${method} is in neither methods/ nor the OpenAPI spec`);
  return Object.values(operations).flatMap((operation) =>
    (operation.security ?? []).flatMap((requirement) => requirement.slackAuth ?? []),
  );
}

const events = readJson(resolve(REFERENCE, 'events/events.json')) as SlackEvent[];

function eventScopes(name: string): string[] {
  const event = events.find((e) => e.name === name);
  if (event === undefined) throw new Error(`${name} is not in Slack's event catalogue`);
  return alternatives(event.scopes ?? []);
}

describe('manifest.yml', () => {
  let validate: ValidateFunction;

  beforeAll(() => {
    const schemaPath = resolve(
      REFERENCE,
      `manifest/manifest.schema.${manifest._metadata.major_version}.0.0.json`,
    );
    const schema = readJson(schemaPath) as { $schema?: string };
    // The manifest schema is draft-07 (Ajv's default class) and uses a non-standard `regex` keyword: not strict.
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(schema);
  });

  it("is valid against Slack's manifest schema", () => {
    const valid = validate(manifest);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is checked by a validator that rejects a broken manifest', () => {
    const broken = structuredClone(manifest) as unknown as Record<string, Record<string, unknown>>;
    (broken.features as Manifest['features']).shortcuts[0] = {
      name: 'A shortcut name far longer than Slack allows',
      type: 'message',
      callback_id: 'ask_for_decision',
    };
    (broken.settings as Record<string, unknown>).unknown_setting = true;
    expect(validate(broken)).toBe(false);
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        "/features/shortcuts/0 must have required property 'description'",
        '/features/shortcuts/0/name must NOT have more than 24 characters',
        '/settings must NOT have additional properties',
      ]),
    );
  });

  it('describes decide-bot with /decide, the message shortcut, interactivity and the App Home', () => {
    expect(manifest._metadata.major_version).toBe(1);
    expect(manifest.display_information.name).toBe('decide-bot');
    expect(manifest.features.bot_user).toEqual({ display_name: 'decide-bot', always_online: true });
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({
        command: '/decide',
        usage_hint:
          '[question] | help | language [en|id] | list | who | stats [7d|30d|90d] | digest | export [csv|json] | signoff [deliverable] | away <until> | back',
      }),
    ]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({
        name: 'Ask for a decision',
        type: 'message',
        callback_id: 'ask_for_decision',
      }),
      expect.objectContaining({
        name: 'Request sign-off',
        type: 'message',
        callback_id: 'request_signoff',
      }),
    ]);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });

  it("sends every kind of request to Bolt's one endpoint, /slack/events", () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(new Set(urls).size).toBe(1);
  });

  it.each(METHODS)('has a bot scope for %s', (method) => {
    const accepted = methodScopes(method);
    // An empty list means any token works (auth.test, views.*, chat.getPermalink).
    if (accepted.length === 0) return;
    expect(
      accepted.some((scope) => botScopes.has(scope)),
      `${method} needs one of ${accepted.join(', ')}`,
    ).toBe(true);
  });

  it('has the bot scopes of every subscribed event', () => {
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      const accepted = eventScopes(event);
      if (accepted.length === 0) continue;
      expect(
        accepted.some((scope) => botScopes.has(scope)),
        `${event} needs one of ${accepted.join(', ')}`,
      ).toBe(true);
    }
  });

  it('asks for no bot scope that no method, event or feature needs', () => {
    const needed = new Set([
      ...Object.keys(FEATURE_SCOPES),
      ...METHODS.flatMap(methodScopes),
      ...manifest.settings.event_subscriptions.bot_events.flatMap(eventScopes),
    ]);
    expect([...botScopes].filter((scope) => !needed.has(scope))).toEqual([]);
    expect(botScopes.has('chat:write.public'), 'the bot posts only where it is invited').toBe(false);
  });

  it('finds the Web API calls in the code, however a call chain is broken over lines', () => {
    // Guards the derivation above: each of these is called somewhere in src/ (some over several lines).
    for (const method of [
      'chat.postMessage',
      'chat.update',
      'chat.getPermalink',
      'views.open',
      'users.profile.get',
    ]) {
      expect(usage.methods.has(method), method).toBe(true);
    }
    // Nothing outside the WebClient's own methods, and never the stand-in's side.
    expect([...usage.methods.values()].flat().some((file) => file.startsWith('src/sandbox/'))).toBe(false);
  });

  it('subscribes to exactly the events the code listens to', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      [...usage.events.keys()].sort(),
    );
  });

  it('knows which scopes the reference gives for a method', () => {
    // Guards the checks above against a changed reference format (an empty list would make them pass vacuously).
    expect(methodScopes('chat.postMessage')).toEqual(['chat:write']);
    expect(methodScopes('conversations.info')).toEqual(
      expect.arrayContaining(['channels:read', 'groups:read']),
    );
    expect(eventScopes('message.im')).toEqual(['im:history']);
    // Known only from the OpenAPI spec's `security`.
    expect(existsSync(resolve(REFERENCE, 'methods', 'conversations.history.json'))).toBe(false);
    expect(methodScopes('conversations.history')).toEqual([
      'channels:history',
      'groups:history',
      'im:history',
      'mpim:history',
    ]);
    expect(methodScopes('conversations.replies')).toEqual(methodScopes('conversations.history'));
  });

  it('can read back every kind of conversation it posts to (public and private project channels, DMs)', () => {
    // The alternatives check above is met by any one of them; the outbox looks up messages in all three kinds.
    for (const scope of ['channels:history', 'groups:history', 'im:history']) {
      expect(botScopes.has(scope), scope).toBe(true);
    }
  });

  it("lists the manifest's bot scopes in the README", () => {
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    const listed =
      /The bot scopes the manifest asks for are exactly those the code uses: ((?:`[^`]+`[,\s]*)+)/.exec(
        readme,
      );
    const scopes = [...(listed?.[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    expect(new Set(scopes)).toEqual(botScopes);
  });
});
