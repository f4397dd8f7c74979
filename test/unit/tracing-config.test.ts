import { Writable } from 'node:stream';
import { describeConfig, loadConfig } from '../../src/config/index';
import { createLogger } from '../../src/logger';
import { Tracing } from '../../src/telemetry/tracing';

describe('tracing configuration', () => {
  test('is off unless an OTLP endpoint is set; the traces URL follows the OpenTelemetry rules', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).tracing.otlpTracesUrl).toBeUndefined();
    expect(Tracing.fromConfig(loadConfig({ NODE_ENV: 'test' }).tracing).enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing.otlpTracesUrl?.href).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      loadConfig({
        NODE_ENV: 'test',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/custom',
      }).tracing.otlpTracesUrl?.href,
    ).toBe('https://traces.example.com/custom');
  });

  test('headers are parsed and masked in the logged configuration; bad values are listed together', () => {
    const config = loadConfig({ NODE_ENV: 'test', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr%3Dt,team=core' });
    expect(config.tracing.otlpHeaders).toEqual({ 'x-api-key': 's3cr=t', team: 'core' });
    expect(JSON.stringify(describeConfig(config))).not.toContain('s3cr');
    expect(() => loadConfig({ NODE_ENV: 'test', OTEL_EXPORTER_OTLP_HEADERS: 'novalue', OTEL_TRACES_SAMPLER_ARG: '1.5', OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://x' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL[\s\S]*OTEL_EXPORTER_OTLP_HEADERS must be name=value[\s\S]*OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1/,
    );
  });
});

describe('log format', () => {
  test('defaults to pretty in development and JSON elsewhere', () => {
    expect(loadConfig({}).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'test' }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'development', LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  test('pretty lines are for people and still redact secrets', () => {
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', capture, 'pretty');
    logger.info({ password: 'hunter2', headers: { authorization: 'Bearer abc' }, route: 'GET /x' }, 'upstream call');
    const text = lines.join('');
    expect(text).toContain('upstream call');
    expect(text).toContain('GET /x');
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('Bearer abc');
  });
});
