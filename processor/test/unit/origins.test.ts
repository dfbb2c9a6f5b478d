import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from '../../src/http/origins.js';

describe('isAllowedOrigin', () => {
  it('allows the same host, listed origins and requests without an Origin', () => {
    expect(isAllowedOrigin('http://localhost:8080', 'localhost:8080', [])).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5173', 'localhost:8080', ['http://127.0.0.1:5173'])).toBe(true);
    expect(isAllowedOrigin(undefined, 'localhost:8080', [])).toBe(true);
  });
  it('refuses other origins and garbage', () => {
    expect(isAllowedOrigin('https://evil.example', 'localhost:8080', ['http://127.0.0.1:5173'])).toBe(false);
    expect(isAllowedOrigin('null', 'localhost:8080', [])).toBe(false);
  });
});
