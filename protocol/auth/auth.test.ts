import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthenticator, loadUsersFile, makeScramVerifier, parseScramVerifier } from './index.js';
import { md5Hex } from './md5.js';
import { saslprep } from './scram-secret.js';
import { cstring, manualScram, parseAuth, runMd5, runScram, serverFirstOf } from './test-client.js';
import type { Authenticator, UserSecret } from './types.js';

const must = (a: Authenticator | null): Authenticator => {
  if (!a) throw new Error('expected an authenticator');
  return a;
};
const wrongPassword = (user: string) => ({
  kind: 'fail',
  code: '28P01',
  message: `password authentication failed for user "${user}"`,
});
const verifier = makeScramVerifier('s3cret');
const secrets: Record<string, UserSecret> = {
  plain: { password: 's3cret' },
  md5: { md5Hash: `md5${md5Hex('s3cretalice')}` },
  scram: { scramVerifier: verifier },
};

describe('createAuthenticator', () => {
  it('returns null for trust', () => {
    expect(createAuthenticator('trust', 'alice', undefined)).toBeNull();
  });
});

describe('cleartext password', () => {
  const login = (secret: UserSecret | undefined, body: Buffer) => {
    const auth = must(createAuthenticator('password', 'alice', secret));
    expect(auth.initial()).toEqual(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
    return auth.respond(body);
  };

  it.each(Object.entries(secrets))('accepts the right password with a %s secret', (_, secret) => {
    expect(login(secret, cstring('s3cret'))).toEqual({ kind: 'ok' });
    expect(login(secret, cstring('s3cret!'))).toEqual(wrongPassword('alice'));
  });

  it('fails unknown users and empty passwords with 28P01', () => {
    expect(login(undefined, cstring('s3cret'))).toEqual(wrongPassword('alice'));
    expect(login({ password: '' }, cstring(''))).toEqual(wrongPassword('alice'));
  });

  it('rejects a malformed PasswordMessage with 08P01', () => {
    for (const body of [Buffer.from('s3cret'), Buffer.from('s3cret\0x'), Buffer.alloc(0)]) {
      expect(login(secrets.plain, body)).toMatchObject({ kind: 'fail', code: '08P01' });
    }
  });

  it('rejects a second PasswordMessage', () => {
    const auth = must(createAuthenticator('password', 'alice', secrets.plain));
    expect(auth.respond(cstring('s3cret')).kind).toBe('ok');
    expect(auth.respond(cstring('s3cret'))).toMatchObject({ code: '08P01' });
  });
});

describe('md5', () => {
  it('accepts the pg client hash with a password or md5 secret', async () => {
    for (const secret of [secrets.plain, secrets.md5]) {
      const auth = must(createAuthenticator('md5', 'alice', secret));
      expect(auth.initial().readInt32BE(1)).toBe(12);
      expect(await runMd5(auth, 'alice', 's3cret')).toEqual({ kind: 'ok' });
      expect(await runMd5(must(createAuthenticator('md5', 'alice', secret)), 'alice', 'nope')).toEqual(
        wrongPassword('alice'),
      );
    }
  });

  it('uses a fresh salt per attempt', () => {
    const salt = () =>
      must(createAuthenticator('md5', 'alice', secrets.plain))
        .initial()
        .subarray(9);
    expect(salt()).not.toEqual(salt());
  });

  it('runs a mock exchange for unknown users', async () => {
    expect(await runMd5(must(createAuthenticator('md5', 'ghost', undefined)), 'ghost', 's3cret')).toEqual(
      wrongPassword('ghost'),
    );
  });

  it('falls back to SCRAM when only a SCRAM verifier is known', async () => {
    const auth = must(createAuthenticator('md5', 'alice', secrets.scram));
    expect(parseAuth(auth.initial()).code).toBe(10);
    expect(await runScram(auth, 's3cret')).toMatchObject({ kind: 'ok' });
  });

  it('rejects a malformed response with 08P01', () => {
    const auth = must(createAuthenticator('md5', 'alice', secrets.plain));
    expect(auth.respond(Buffer.from('md5abc'))).toMatchObject({ code: '08P01' });
  });
});

describe('SCRAM-SHA-256', () => {
  const scram = (secret: UserSecret | undefined, user = 'alice') =>
    must(createAuthenticator('scram-sha-256', user, secret));

  it('advertises SCRAM-SHA-256 only', () => {
    const { code, data } = parseAuth(scram(secrets.plain).initial());
    expect(code).toBe(10);
    expect(data.toString('latin1')).toBe('SCRAM-SHA-256\0\0');
  });

  it.each([
    ['password', secrets.plain],
    ['verifier', secrets.scram],
  ])('authenticates with a %s secret and a verifiable server signature', async (_, secret) => {
    expect(await runScram(scram(secret), 's3cret')).toMatchObject({ kind: 'ok' });
    expect(await runScram(scram(secret), 'wrong')).toEqual(wrongPassword('alice'));
  });

  it('derives the verifier for a plain password once per secret', () => {
    const secret = { password: 'x' };
    const salt = () => /s=([^,]+)/.exec(serverFirstOf(scram(secret)))?.[1];
    expect(salt()).toBe(salt());
  });

  it('runs unknown users through the whole exchange, with a stable mock salt', async () => {
    expect(await runScram(scram(undefined, 'ghost'), 's3cret')).toEqual(wrongPassword('ghost'));
    const first = (u: string) => serverFirstOf(scram(undefined, u)).replace(/^r=[^,]*,/, '');
    expect(first('ghost')).toBe(first('ghost'));
    expect(first('ghost')).not.toBe(first('phantom'));
    expect(first('ghost')).toMatch(/^s=[A-Za-z0-9+/]{22}==,i=4096$/);
  });

  it('fails users without a usable SCRAM secret after the exchange', async () => {
    expect(await runScram(scram(secrets.md5), 's3cret')).toEqual(wrongPassword('alice'));
    expect(await runScram(scram({ scramVerifier: 'SCRAM-SHA-256$bogus' }), 's3cret')).toEqual(wrongPassword('alice'));
  });

  it('ignores the SCRAM username and unknown extensions', () => {
    // pg always sends 'n=*' and no extensions, so sign these messages with a hand-rolled client.
    expect(manualScram(scram(secrets.plain), 's3cret', 'n=mallory,r=abc,x=ext', ',y=ext')).toMatchObject({
      kind: 'ok',
    });
    expect(manualScram(scram(secrets.plain), 'wrong', 'n=alice,r=abc')).toEqual(wrongPassword('alice'));
  });

  it('rejects a nonce mismatch with 08P01', async () => {
    const step = await runScram(scram(secrets.plain), 's3cret', {
      editFinal: (m) => m.replace(/,r=([^,]+)/, ',r=$1x'),
    });
    expect(step).toMatchObject({
      kind: 'fail',
      code: '08P01',
      message: expect.stringContaining('Nonce does not match'),
    });
  });

  it.each([
    ['unknown mechanism', Buffer.from('SCRAM-SHA-1\0\0\0\0\x0an,,n=,r=ab', 'latin1')],
    ['PLUS not offered', Buffer.from('SCRAM-SHA-256-PLUS\0\0\0\0\x0an,,n=,r=ab', 'latin1')],
    ['length mismatch', Buffer.from('SCRAM-SHA-256\0\0\0\0\x09n,,n=,r=ab', 'latin1')],
    ['truncated', Buffer.from('SCRAM-SHA-256\0\0\0', 'latin1')],
    ['empty message', Buffer.from('SCRAM-SHA-256\0\0\0\0\0', 'latin1')],
  ])('rejects a malformed SASLInitialResponse (%s) with 08P01', (_, body) => {
    const auth = scram(secrets.plain);
    auth.initial();
    expect(auth.respond(body)).toMatchObject({ kind: 'fail', code: '08P01' });
    expect(auth.respond(body)).toMatchObject({ kind: 'fail', code: '08P01' });
  });

  it.each([
    ['bad gs2 flag', 'x,,n=,r=abc', '08P01'],
    ['p= without PLUS', 'p=tls-server-end-point,,n=,r=abc', '08P01'],
    ['authzid', 'n,a=bob,n=,r=abc', '0A000'],
    ['m= extension', 'n,,m=x,n=,r=abc', '0A000'],
    ['missing nonce', 'n,,n=', '08P01'],
    ['non-printable nonce', 'n,,n=,r=ab\x7f', '08P01'],
    ['nonce before user', 'n,,r=abc,n=', '08P01'],
    ['embedded NUL', 'n,,n=,r=a\0b', '08P01'],
  ])('rejects a malformed client-first-message (%s)', (_, first, code) => {
    expect(() => serverFirstOf(scram(secrets.plain), first)).toThrow(`"code":"${code}"`);
  });

  it.each([
    ['missing proof', (m: string) => m.replace(/,p=.*/, '')],
    ['short proof', (m: string) => m.replace(/,p=.*/, ',p=AAAA')],
    ['invalid base64 proof', (m: string) => m.replace(/,p=.{4}/, ',p=!!!!')],
    ['garbage after proof', (m: string) => `${m},x=1`],
    ['wrong channel binding', (m: string) => m.replace('c=biws', 'c=eSws')],
    ['not starting with c=', (m: string) => m.replace('c=biws,', '')],
  ])('rejects a malformed client-final-message (%s) with 08P01', async (_, editFinal) => {
    expect(await runScram(scram(secrets.plain), 's3cret', { editFinal })).toMatchObject({
      kind: 'fail',
      code: '08P01',
    });
  });

  it('asks for client-first with an empty challenge when the initial response is absent', () => {
    const auth = scram(secrets.plain);
    auth.initial();
    const step = auth.respond(Buffer.from('SCRAM-SHA-256\0\xff\xff\xff\xff', 'latin1'));
    expect(step.kind === 'continue' && parseAuth(step.reply)).toEqual({ code: 11, data: Buffer.alloc(0) });
    const next = auth.respond(Buffer.from('n,,n=,r=abc'));
    expect(next.kind === 'continue' && parseAuth(next.reply).data.toString()).toMatch(/^r=abc.{24},s=/);
  });

  it('accepts the y flag (client could bind, server does not offer it)', async () => {
    const stream = { getPeerCertificate: () => ({ raw: Buffer.alloc(0) }) };
    expect(await runScram(scram(secrets.plain), 's3cret', { stream })).toMatchObject({ kind: 'ok' });
  });
});

describe('SCRAM verifiers', () => {
  it('formats and parses PG verifiers', () => {
    const salt = Buffer.from('0123456789abcdef');
    const v = makeScramVerifier('pw', { iterations: 1000, salt });
    expect(v).toMatch(/^SCRAM-SHA-256\$1000:MDEyMzQ1Njc4OWFiY2RlZg==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/);
    expect(parseScramVerifier(v)).toMatchObject({ iterations: 1000, salt });
    expect(makeScramVerifier('pw', { iterations: 1000, salt })).toBe(v);
    expect(makeScramVerifier('pw')).not.toBe(makeScramVerifier('pw'));
  });

  it.each([
    'md5abc',
    'SCRAM-SHA-256$0:c2FsdA==$AAAA:AAAA',
    'SCRAM-SHA-256$4096:c2FsdA==$AAAA:AAAA',
    `SCRAM-SHA-256$4096:$${'A'.repeat(43)}=:${'A'.repeat(43)}=`,
    `SCRAM-SHA-256$4096:c2FsdA=$${'A'.repeat(43)}=:${'A'.repeat(43)}=`,
  ])('rejects %s', (text) => {
    expect(parseScramVerifier(text)).toBeNull();
  });

  it('applies SASLprep like PG, falling back to the raw bytes', () => {
    expect(saslprep('ﬁ\u00a0x\u00ad').toString()).toBe('fi x');
    expect(saslprep('ctrl\u0001ﬁ').toString()).toBe('ctrl\u0001ﬁ'); // prohibited output: raw
    expect(saslprep(Buffer.from([0x61, 0xff]))).toEqual(Buffer.from([0x61, 0xff])); // not UTF-8: raw
    expect(saslprep('plain\u0001')).toEqual(Buffer.from('plain\u0001')); // ASCII: untouched
  });
});

describe('loadUsersFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lumos-auth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (content: string) => {
    const path = join(dir, 'users.json');
    writeFileSync(path, content);
    return () => loadUsersFile(path);
  };

  it('loads password, scram and md5 users', () => {
    const users = load(
      JSON.stringify({
        users: {
          alice: { password: 'a' },
          bob: { scram: verifier },
          carol: secrets.md5 && { md5: secrets.md5.md5Hash },
        },
      }),
    )();
    expect(users).toEqual(
      new Map<string, UserSecret>([
        ['alice', { password: 'a' }],
        ['bob', { scramVerifier: verifier }],
        ['carol', { md5Hash: secrets.md5.md5Hash as string }],
      ]),
    );
  });

  it.each([
    ['{', /users file .*users\.json: .*JSON/],
    ['[]', /expected an object/],
    ['{"users": {"a": "pw"}}', /user "a": expected an object/],
    ['{"users": {"a": {"password": 1}}}', /user "a": password must be a non-empty string/],
    ['{"users": {"a": {"password": "x", "scram": "y"}}}', /exactly one of/],
    ['{"users": {"a": {"scram": "SCRAM-SHA-256$x"}}}', /user "a": scram must be/],
    ['{"users": {"a": {"md5": "abc"}}}', /user "a": md5 must be/],
  ])('rejects %s', (content, error) => {
    expect(load(content)).toThrow(error);
  });

  it('reports a missing file', () => {
    expect(() => loadUsersFile(join(dir, 'nope.json'))).toThrow(/nope\.json: ENOENT/);
  });
});
