import { describe, expect, it } from 'vitest';
import { DefacewatchError } from '../../src/core/errors.js';
import { smtpSettingsFor, smtpSettingsFromEnv, smtpTransportOptions } from '../../src/sinks/smtp-settings.js';
import { messageIdFor, alertToken } from '../../src/sinks/mail-message.js';

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DefacewatchError);
    return { code: (err as DefacewatchError).code, message: (err as DefacewatchError).message };
  }
  throw new Error('expected a throw');
}

describe('smtpSettingsFromEnv', () => {
  it('is null when no URL is set', () => {
    expect(smtpSettingsFromEnv({})).toBeNull();
    expect(smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: '  ' })).toBeNull();
    expect(smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: 'smtp://a@b.example' }, { urlVar: 'MOH_SMTP_URL' })).toBeNull();
  });

  it('reads the default variables and merges the password into auth', () => {
    const settings = smtpSettingsFromEnv({
      DEFACEWATCH_SMTP_URL: 'smtp://alerts@mail.example:587',
      DEFACEWATCH_SMTP_PASSWORD: 's3cret',
      DEFACEWATCH_SMTP_FROM: 'Defacewatch <alerts@cert.example>',
    });
    expect(settings).toMatchObject({
      url: 'smtp://alerts@mail.example:587',
      host: 'mail.example',
      port: 587,
      secure: false,
      user: 'alerts',
      from: 'Defacewatch <alerts@cert.example>',
    });
    expect(settings?.password).toBe('s3cret');
    expect(smtpTransportOptions(settings!)).toMatchObject({
      host: 'mail.example',
      port: 587,
      secure: false,
      auth: { user: 'alerts', pass: 's3cret' },
    });
  });

  it('keeps the password out of JSON and out of the URL', () => {
    const settings = smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: 'smtps://alerts%40cert.example:in-url@mail.example' });
    expect(settings?.password).toBe('in-url');
    expect(settings?.url).toBe('smtps://alerts%40cert.example@mail.example');
    expect(settings?.port).toBe(465);
    expect(settings?.secure).toBe(true);
    expect(JSON.stringify(settings)).not.toContain('in-url');
    expect(Object.keys(settings!)).not.toContain('password');
  });

  it('prefers the password variable over one written in the URL', () => {
    const settings = smtpSettingsFromEnv({
      DEFACEWATCH_SMTP_URL: 'smtp://u:old@mail.example',
      DEFACEWATCH_SMTP_PASSWORD: 'new',
    });
    expect(smtpTransportOptions(settings!).auth).toEqual({ user: 'u', pass: 'new' });
  });

  it('reads the variables a config names instead', () => {
    const env = {
      DEFACEWATCH_SMTP_URL: 'smtp://default@mail.example',
      MOH_SMTP_URL: 'smtp://moh@relay.moh.example:2525',
      MOH_SMTP_PASSWORD: 'moh-pass',
      MOH_SMTP_FROM: 'soc@moh.example',
    };
    const settings = smtpSettingsFromEnv(env, { urlVar: 'MOH_SMTP_URL', passwordVar: 'MOH_SMTP_PASSWORD', fromVar: 'MOH_SMTP_FROM' });
    expect(settings).toMatchObject({ host: 'relay.moh.example', port: 2525, user: 'moh', from: 'soc@moh.example' });
    expect(settings?.password).toBe('moh-pass');
    expect(settings?.env).toEqual({ urlVar: 'MOH_SMTP_URL', passwordVar: 'MOH_SMTP_PASSWORD', fromVar: 'MOH_SMTP_FROM' });
  });

  it('derives a From address when none is set', () => {
    expect(smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: 'smtp://alerts@mail.example:587' })?.from).toBe('alerts@mail.example');
    expect(smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: 'smtp://soc%40cert.example@mail.example' })?.from).toBe('soc@cert.example');
    expect(smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: 'smtp://mail.example' })?.from).toBe('defacewatch@mail.example');
    expect(smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: 'smtp://127.0.0.1:25' })?.from).toBe('defacewatch <defacewatch@localhost>');
  });

  it('keeps URL query options and sets bounded timeouts', () => {
    const options = smtpTransportOptions(smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: 'smtp://mail.example?ignoreTLS=true&socketTimeout=5000' })!);
    expect(options).toMatchObject({ ignoreTLS: true, socketTimeout: 5000, connectionTimeout: 30_000, greetingTimeout: 30_000 });
    expect(options.auth).toBeUndefined();
  });

  it('names the variable, never its value, when a setting is unusable', () => {
    const badScheme = codeOf(() => smtpSettingsFromEnv({ MOH_URL: 'https://u:topsecret@mail.example' }, { urlVar: 'MOH_URL' }));
    expect(badScheme.code).toBe('CONFIG_INVALID');
    expect(badScheme.message).toContain('MOH_URL');
    expect(badScheme.message).not.toContain('topsecret');

    const notUrl = codeOf(() => smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: 'mail.example:topsecret' }));
    expect(notUrl.code).toBe('CONFIG_INVALID');
    expect(notUrl.message).not.toContain('topsecret');

    const badFrom = codeOf(() => smtpSettingsFromEnv({ DEFACEWATCH_SMTP_URL: 'smtp://mail.example', DEFACEWATCH_SMTP_FROM: 'not an address' }));
    expect(badFrom.code).toBe('CONFIG_INVALID');
    expect(badFrom.message).toContain('DEFACEWATCH_SMTP_FROM');
  });
});

describe('messageIdFor', () => {
  it('is stable for an alert and differs between alerts', () => {
    const id = 'moh-home-2025-03-01T12:04:05.000Z';
    const a = messageIdFor(id, 'Defacewatch <alerts@cert.example>');
    expect(a).toBe(messageIdFor(id, 'alerts@cert.example'));
    expect(a).toMatch(/^<moh-home-2025-03-01T12_04_05\.000Z\.[0-9a-f]{12}@cert\.example>$/);
    expect(messageIdFor('moh-home-2025-03-01T12:04:06.000Z', 'alerts@cert.example')).not.toBe(a);
  });

  it('does not collide when ids differ only in replaced characters', () => {
    expect(alertToken('a:b')).not.toBe(alertToken('a/b'));
  });

  it('falls back to a reserved domain when the sender has none', () => {
    expect(messageIdFor('x', 'nobody')).toMatch(/@defacewatch\.invalid>$/);
  });
});

describe('smtpSettingsFor (the smtp block of a config file)', () => {
  it('uses host, port, TLS mode and user from the file and the password from the variable it names', () => {
    const settings = smtpSettingsFor(
      { host: 'mail.cert.example', port: 2525, tls: 'starttls', user: 'dw', passwordEnv: 'MOH_SMTP_PASSWORD', from: 'defacewatch <alerts@cert.example>' },
      { MOH_SMTP_PASSWORD: 'hunter2' },
    )!;
    expect(settings).toMatchObject({ host: 'mail.cert.example', port: 2525, secure: false, requireTLS: true, user: 'dw', from: 'defacewatch <alerts@cert.example>' });
    expect(settings.password).toBe('hunter2');
    expect(JSON.stringify(settings)).not.toContain('hunter2');
    expect(smtpTransportOptions(settings)).toMatchObject({ host: 'mail.cert.example', port: 2525, requireTLS: true, auth: { user: 'dw', pass: 'hunter2' } });
  });

  it('defaults the port to the TLS mode and lets "none" skip STARTTLS for a loopback relay', () => {
    expect(smtpSettingsFor({ host: 'mail.example', tls: 'implicit' }, {})).toMatchObject({ port: 465, secure: true });
    expect(smtpSettingsFor({ host: '127.0.0.1', tls: 'none' }, {})).toMatchObject({ port: 587, secure: false, ignoreTLS: true });
  });

  it('falls back to the URL variable the block names, and to none at all', () => {
    expect(smtpSettingsFor({ urlEnv: 'MOH_SMTP_URL' }, { MOH_SMTP_URL: 'smtps://a@mail.example' })).toMatchObject({ host: 'mail.example', port: 465 });
    expect(smtpSettingsFor({}, {})).toBeNull();
  });
});
