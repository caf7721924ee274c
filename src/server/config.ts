/**
 * Server configuration: command-line flags > LUMOS_* env vars > JSON config file > defaults.
 * Everything is validated here so a bad setting stops startup with one clear line instead of failing later.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { dirname, resolve } from 'node:path';

export type AuthMethodName = 'trust' | 'password' | 'md5' | 'scram-sha-256';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LumosConfig {
  host: string;
  port: number;
  dataDir: string;
  password?: string;
  usersFile?: string;
  authMethod: AuthMethodName;
  tlsCert?: string;
  tlsKey?: string;
  maxConnections: number;
  maxMessageSize: number;
  readers: number;
  logLevel: LogLevel;
  statementTimeout: number;
  configFile?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Key = Exclude<keyof LumosConfig, 'configFile'>;
type Kind = 'string' | 'path' | 'int' | 'size' | 'duration' | 'auth' | 'level';

interface Option {
  key: Key;
  flag: string;
  env: string;
  kind: Kind;
  min?: number;
  max?: number;
  help: string;
}

const AUTH_METHODS: readonly AuthMethodName[] = ['trust', 'password', 'md5', 'scram-sha-256'];
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
const MiB = 1024 * 1024;
// PG rejects any message over 1 GB; below a few KB even a catalog query from psql would not fit.
const MAX_MESSAGE_CAP = 1024 * MiB;

const OPTIONS: readonly Option[] = [
  { key: 'host', flag: '--host', env: 'LUMOS_HOST', kind: 'string', help: 'address to listen on' },
  {
    key: 'port',
    flag: '--port',
    env: 'LUMOS_PORT',
    kind: 'int',
    min: 0,
    max: 65535,
    help: 'TCP port (0 = any free port)',
  },
  { key: 'dataDir', flag: '--data', env: 'LUMOS_DATA', kind: 'path', help: 'data directory' },
  { key: 'password', flag: '--password', env: 'LUMOS_PASSWORD', kind: 'string', help: "password of user 'postgres'" },
  { key: 'usersFile', flag: '--users-file', env: 'LUMOS_USERS_FILE', kind: 'path', help: 'JSON users file' },
  { key: 'authMethod', flag: '--auth', env: 'LUMOS_AUTH', kind: 'auth', help: AUTH_METHODS.join('|') },
  { key: 'tlsCert', flag: '--tls-cert', env: 'LUMOS_TLS_CERT', kind: 'path', help: 'PEM certificate (enables TLS)' },
  { key: 'tlsKey', flag: '--tls-key', env: 'LUMOS_TLS_KEY', kind: 'path', help: 'PEM private key' },
  {
    key: 'maxConnections',
    flag: '--max-connections',
    env: 'LUMOS_MAX_CONNECTIONS',
    kind: 'int',
    min: 1,
    max: 100_000,
    help: 'maximum concurrent client connections',
  },
  {
    key: 'maxMessageSize',
    flag: '--max-message-size',
    env: 'LUMOS_MAX_MESSAGE_SIZE',
    kind: 'size',
    min: 8192,
    max: MAX_MESSAGE_CAP,
    help: 'largest protocol message accepted, bytes or kB/MB/GB',
  },
  { key: 'readers', flag: '--readers', env: 'LUMOS_READERS', kind: 'int', min: 1, max: 64, help: 'reader threads' },
  { key: 'logLevel', flag: '--log-level', env: 'LUMOS_LOG_LEVEL', kind: 'level', help: LOG_LEVELS.join('|') },
  {
    key: 'statementTimeout',
    flag: '--statement-timeout',
    env: 'LUMOS_STATEMENT_TIMEOUT',
    kind: 'duration',
    min: 0,
    max: 2_147_483_647,
    help: 'default statement_timeout, ms or with s/min/h (0 = off)',
  },
];

const DEFAULTS = {
  host: '127.0.0.1',
  port: 5433,
  dataDir: './lumos-data',
  maxConnections: 500,
  maxMessageSize: 256 * MiB,
  readers: 2,
  logLevel: 'info' as LogLevel,
  statementTimeout: 0,
};

const CONFIG_FLAG = '--config';
const CONFIG_ENV = 'LUMOS_CONFIG';

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: MiB, gb: 1024 * MiB };
const TIME_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * True for addresses only this machine can reach. Host names other than localhost count as exposed: what they
 * resolve to can change, and guessing wrong would put an unauthenticated server on a network.
 */
export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === 'localhost') return true;
  const family = isIP(h);
  if (family === 0) return false;
  return LOOPBACK.check(h, family === 4 ? 'ipv4' : 'ipv6');
}

/** Where a raw value came from, for error messages that point at the right knob. */
type Source = { label: string; baseDir: string };

function convert(opt: Option, raw: unknown, src: Source): unknown {
  const where = src.label;
  const numeric = (units: Record<string, number>, unitHelp: string): number => {
    if (typeof raw === 'number') return raw;
    if (typeof raw !== 'string') throw new ConfigError(`${where}: expected a number, got ${JSON.stringify(raw)}`);
    const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(raw);
    const unit = m?.[2]?.toLowerCase() ?? '';
    const factor = units[unit];
    if (!m || factor === undefined) {
      throw new ConfigError(`${where}: expected ${unitHelp}, got ${JSON.stringify(raw)}`);
    }
    return Number(m[1]) * factor;
  };
  const ranged = (n: number): number => {
    if (!Number.isSafeInteger(n)) throw new ConfigError(`${where}: expected an integer, got ${JSON.stringify(raw)}`);
    if ((opt.min !== undefined && n < opt.min) || (opt.max !== undefined && n > opt.max)) {
      throw new ConfigError(`${where}: ${n} is out of range (${opt.min}..${opt.max})`);
    }
    return n;
  };
  switch (opt.kind) {
    case 'int':
      return ranged(numeric({ '': 1 }, 'an integer'));
    case 'size':
      return ranged(numeric(SIZE_UNITS, 'a size in bytes (optionally kB, MB or GB)'));
    case 'duration':
      return ranged(numeric(TIME_UNITS, 'a duration in ms (optionally s, min, h or d)'));
    case 'auth':
    case 'level': {
      const allowed: readonly string[] = opt.kind === 'auth' ? AUTH_METHODS : LOG_LEVELS;
      const v = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
      if (typeof v !== 'string' || !allowed.includes(v)) {
        const what = opt.kind === 'auth' ? 'auth method' : 'log level';
        throw new ConfigError(`${where}: unknown ${what} ${JSON.stringify(raw)} (expected ${allowed.join(', ')})`);
      }
      return v;
    }
    case 'string':
    case 'path': {
      if (typeof raw !== 'string') throw new ConfigError(`${where}: expected a string, got ${JSON.stringify(raw)}`);
      if (raw === '') throw new ConfigError(`${where}: must not be empty`);
      // Relative paths in a config file are relative to that file, not to wherever lumos was started.
      return opt.kind === 'path' ? resolve(src.baseDir, raw) : raw;
    }
  }
}

function parseArgv(argv: string[]): { values: Map<Option, string>; configFile?: string } {
  const values = new Map<Option, string>();
  let configFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument ${JSON.stringify(arg)} (see lumos --help)`);
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const opt = OPTIONS.find((o) => o.flag === flag);
    if (!opt && flag !== CONFIG_FLAG) throw new ConfigError(`unknown flag ${flag} (see lumos --help)`);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // A following flag means the value was forgotten; values starting with -- need the --flag=value form.
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`${flag} needs a value`);
      value = next;
      i++;
    }
    if (opt) values.set(opt, value);
    else configFile = value;
  }
  return { values, configFile };
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ConfigError(`config file ${path}: expected a JSON object`);
  }
  for (const k of Object.keys(doc)) {
    if (!OPTIONS.some((o) => o.key === k)) {
      const valid = OPTIONS.map((o) => o.key).join(', ');
      throw new ConfigError(`config file ${path}: unknown key ${JSON.stringify(k)} (valid keys: ${valid})`);
    }
  }
  return doc as Record<string, unknown>;
}

function checkReadable(path: string, what: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (e) {
    throw new ConfigError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

/**
 * Builds the configuration from command-line flags (argv without the command name), the environment and the config
 * file. `cwd` (default process.cwd()) anchors relative paths from flags and env vars and is where lumos.json is looked for.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv, opts: { cwd?: string } = {}): LumosConfig {
  const cwd = opts.cwd ?? process.cwd();
  const cli = parseArgv(argv);

  // An explicitly named config file must exist; the implicit ./lumos.json is only used when present.
  let configFile: string | undefined;
  if (cli.configFile !== undefined) {
    if (cli.configFile === '') throw new ConfigError(`${CONFIG_FLAG}: must not be empty`);
    configFile = resolve(cwd, cli.configFile);
  } else if (nonEmpty(env[CONFIG_ENV]) !== undefined) configFile = resolve(cwd, env[CONFIG_ENV] as string);
  else if (existsSync(resolve(cwd, 'lumos.json'))) configFile = resolve(cwd, 'lumos.json');
  const file = configFile !== undefined ? readConfigFile(configFile) : {};

  const out: Record<string, unknown> = {};
  for (const opt of OPTIONS) {
    const flagValue = cli.values.get(opt);
    const envValue = nonEmpty(env[opt.env]);
    if (flagValue !== undefined) out[opt.key] = convert(opt, flagValue, { label: opt.flag, baseDir: cwd });
    else if (envValue !== undefined) out[opt.key] = convert(opt, envValue, { label: opt.env, baseDir: cwd });
    else if (file[opt.key] !== undefined && configFile !== undefined) {
      const label = `config file ${configFile}: ${opt.key}`;
      out[opt.key] = convert(opt, file[opt.key], { label, baseDir: dirname(configFile) });
    }
  }

  const hasCredentials = out.password !== undefined || out.usersFile !== undefined;
  const config: LumosConfig = {
    host: (out.host as string | undefined) ?? DEFAULTS.host,
    port: (out.port as number | undefined) ?? DEFAULTS.port,
    dataDir: (out.dataDir as string | undefined) ?? resolve(cwd, DEFAULTS.dataDir),
    authMethod: (out.authMethod as AuthMethodName | undefined) ?? (hasCredentials ? 'scram-sha-256' : 'trust'),
    maxConnections: (out.maxConnections as number | undefined) ?? DEFAULTS.maxConnections,
    maxMessageSize: (out.maxMessageSize as number | undefined) ?? DEFAULTS.maxMessageSize,
    readers: (out.readers as number | undefined) ?? DEFAULTS.readers,
    logLevel: (out.logLevel as LogLevel | undefined) ?? DEFAULTS.logLevel,
    statementTimeout: (out.statementTimeout as number | undefined) ?? DEFAULTS.statementTimeout,
  };
  // Optional keys are only present when set, so `'password' in config` and spreads behave predictably.
  for (const k of ['password', 'usersFile', 'tlsCert', 'tlsKey'] as const) {
    if (out[k] !== undefined) config[k] = out[k] as string;
  }
  if (configFile !== undefined) config.configFile = configFile;

  validate(config, hasCredentials);
  return config;
}

function validate(config: LumosConfig, hasCredentials: boolean): void {
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new ConfigError('TLS needs both a certificate and a key: set --tls-cert and --tls-key together');
  }
  if (config.tlsCert !== undefined) checkReadable(config.tlsCert, 'TLS certificate');
  if (config.tlsKey !== undefined) checkReadable(config.tlsKey, 'TLS key');
  if (config.usersFile !== undefined) checkReadable(config.usersFile, 'users file');

  // Exposing an unauthenticated database to a network is the one mistake we refuse to make on the user's behalf.
  if (!isLoopbackHost(config.host)) {
    if (!hasCredentials) {
      throw new ConfigError(
        `refusing to listen on ${config.host} without a password: set --password or LUMOS_PASSWORD (or --users-file)`,
      );
    }
    if (config.authMethod === 'trust') {
      throw new ConfigError(
        `refusing to use trust authentication on ${config.host}: it is only allowed on loopback addresses (use --auth scram-sha-256)`,
      );
    }
  }
  // Without any secret no one could log in; say so now rather than fail every connection later.
  if (config.authMethod !== 'trust' && !hasCredentials) {
    throw new ConfigError(
      `auth method ${config.authMethod} needs a password: set --password or LUMOS_PASSWORD (or --users-file)`,
    );
  }
}

function describeDefault(key: Key): string {
  switch (key) {
    case 'authMethod':
      return 'trust, or scram-sha-256 when a password or users file is set';
    case 'maxMessageSize':
      return '256MB';
    case 'statementTimeout':
      return '0 (off)';
    default: {
      const v = (DEFAULTS as Record<string, unknown>)[key];
      return v === undefined ? 'unset' : String(v);
    }
  }
}

const METAVARS: Record<Kind, string> = {
  string: 'TEXT',
  path: 'PATH',
  int: 'N',
  size: 'BYTES',
  duration: 'MS',
  auth: 'METHOD',
  level: 'LEVEL',
};

export function usageText(): string {
  const rows = OPTIONS.map((o) => {
    const left = `  ${o.flag} ${METAVARS[o.kind]}`.padEnd(30);
    return `${left}${o.help}\n${''.padEnd(30)}env ${o.env}, key "${o.key}", default: ${describeDefault(o.key)}`;
  });
  return [
    'Lumos: a PostgreSQL-compatible server backed by SQLite',
    '',
    'Usage:',
    '  lumos [serve] [flags]     start the server (the default command)',
    '  lumos help | --help       show this text',
    '  lumos version | --version print the version',
    '',
    'Flags (also --flag=value):',
    ...rows,
    `${`  ${CONFIG_FLAG} FILE`.padEnd(30)}JSON config file with the keys above`,
    `${''.padEnd(30)}env ${CONFIG_ENV}, default: ./lumos.json when present`,
    '',
    'Priority: flags, then environment variables, then the config file, then defaults.',
    'Listening on a non-loopback address requires --password or --users-file (trust is loopback only).',
    '',
  ].join('\n');
}
