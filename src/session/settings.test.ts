import { describe, expect, it } from 'vitest';
import { Settings, settingName } from './settings.js';

describe('Settings', () => {
  it('canonicalises names and values like PG', () => {
    const reported: [string, string][] = [];
    const s = new Settings((n, v) => reported.push([n, v]));
    s.set('timezone', 'europe/paris');
    expect(s.get('TIMEZONE')).toBe('Europe/Paris');
    s.set('datestyle', 'iso, dmy');
    expect(s.get('DateStyle')).toBe('ISO, DMY');
    s.set('statement_timeout', '1500');
    expect(s.get('statement_timeout')).toBe('1500ms');
    s.set('statement_timeout', '2s');
    expect(s.statementTimeoutMs()).toBe(2000);
    expect(reported).toEqual([
      ['TimeZone', 'Europe/Paris'],
      ['DateStyle', 'ISO, DMY'],
    ]);
    expect(settingName('myapp.flag')).toBe('myapp.flag');
    expect(settingName('nonsense')).toBeUndefined();
  });

  it('rejects bad values with PG SQLSTATEs', () => {
    const s = new Settings(() => {});
    expect(() => s.set('extra_float_digits', '9')).toThrow(/outside the valid range/);
    expect(() => s.set('TimeZone', 'Mars/Olympus')).toThrowError(expect.objectContaining({ code: '22023' }));
    expect(() => s.set('server_version', '16')).toThrowError(expect.objectContaining({ code: '55P02' }));
    expect(() => s.get('nope')).toThrowError(expect.objectContaining({ code: '42704' }));
  });

  it('undoes SET on rollback and SET LOCAL at commit', () => {
    const s = new Settings(() => {});
    s.beginTransaction();
    s.set('application_name', 'a');
    s.endTransaction(false);
    expect(s.get('application_name')).toBe('');
    s.beginTransaction();
    s.set('application_name', 'b');
    s.set('search_path', 'x, public', { local: true, inTransaction: true });
    expect(s.searchPath()).toEqual(['x', 'public']);
    s.endTransaction(true);
    expect(s.get('application_name')).toBe('b');
    expect(s.searchPath()).toEqual(['public']);
  });

  it('RESET returns to the startup value, like PG', () => {
    const s = new Settings(() => {});
    s.set('application_name', 'from-startup', { startup: true });
    s.set('application_name', 'changed');
    s.reset('application_name');
    expect(s.get('application_name')).toBe('from-startup');
    s.set('statement_timeout', '5s');
    s.resetAll();
    expect(s.get('application_name')).toBe('from-startup');
    expect(s.get('statement_timeout')).toBe('0');
  });
});
