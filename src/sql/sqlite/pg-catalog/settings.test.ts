import { describe, expect, it } from 'vitest';
import { valueInUnit } from './settings.js';

describe('pg_settings values in their unit', () => {
  it('converts times and memory to the unit PG shows', () => {
    expect(valueInUnit('5s', 'ms')).toBe('5000');
    expect(valueInUnit('1min', 'ms')).toBe('60000');
    expect(valueInUnit('0', 'ms')).toBe('0');
    expect(valueInUnit('4MB', 'kB')).toBe('4096');
    expect(valueInUnit('64MB', 'kB')).toBe('65536');
    expect(valueInUnit('8192', '8kB')).toBe('8192');
  });
  it('leaves values without a unit alone', () => {
    expect(valueInUnit('ISO, MDY', null)).toBe('ISO, MDY');
    expect(valueInUnit('-1', 'ms')).toBe('-1');
  });
});
