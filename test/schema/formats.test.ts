/**
 * CRD string formats, checked as the API server does. Valid and invalid samples are upstream's own:
 * kubernetes/kube-openapi pkg/validation/strfmt/default_test.go (TestFormatURI, TestFormatEmail,
 * TestFormatHostname, TestFormatIPv4, TestFormatIPv6, TestFormatCIDR, TestFormatMAC, TestFormatISBN*,
 * TestFormatHexColor, TestFormatRGBColor, TestFormatSSN, TestFormatCreditCard, TestFormatPassword,
 * TestFormatBase64), date_test.go (TestDate_IsDate), duration_test.go (TestDurationParser,
 * TestIsDuration_Failed), kubernetes-extensions_test.go (TestIsShortName, TestIsLongName); the supported
 * list and its normalization from apiextensions-apiserver pkg/apiserver/validation/formats.go.
 */
import { describe, expect, it } from 'vitest';
import { checkedFormat, validFormat } from '../../src/schema/formats.js';
import { check, crdYaml } from './helpers.js';

const cases: Record<string, { valid: string[]; invalid: string[] }> = {
  uri: { valid: ['http://somewhere.com', 'http://somewhereelse.com'], invalid: ['somewhere.com'] },
  email: {
    valid: [
      'blah@gmail.com',
      'test@d.verylongtoplevel',
      'email+tag@gmail.com',
      '" "@example.com',
      '"Abc\\@def"@example.com',
      '"Fred Bloggs"@example.com',
      '"Joe\\\\Blow"@example.com',
      '"Abc@def"@example.com',
      'customer/department=shipping@example.com',
      '$A12345@example.com',
      '!def!xyz%abc@example.com',
      '_somename@example.com',
      "!#$%&'*+-/=?^_`{}|~@example.com",
      "Miles.O'Brian@example.com",
      'postmaster@☁→❄→☃→☀→☺→☂→☹→✝.ws',
      'root@localhost',
      'john@com',
      'api@piston.ninja',
    ],
    invalid: ['somebody@somewhere@com'],
  },
  hostname: {
    valid: [
      'somewhere.com', '888.com', 'a.com', 'a.b.c.d.e.com', '1.2.3.4.com', '99.99.domain.com', '1wwworg.example.com',
      'xn--bcher-kva.example.com', 'xn-80ak6aa92e.co', 'xn--ls8h.la', '☁→❄→☃→☀→☺→☂→☹→✝.ws', 'www.example.ôlà', 'ôlà.ôlà.ôlà',
      'ex$ample', 'localhost', 'x', 'x-y', 'a.b.c.d.e.f.g.dot', 'ex=ample.com', '<foo>', 'www.詹姆斯.london',
    ],
    invalid: [
      'somewhere.com!', 'user@email.domain', '1.1.1.1', 'a'.repeat(256), `x.y.${'a'.repeat(64)}`, 'www.example-.org',
      'www.--example.org', '-www.example.org', 'www-.example.org', 'www-', '-www', 'www.ex ample.org', '_www.example.org',
      'www.ex;ample.org', 'www.example_underscored.org', 'www.詹姆斯.x', 'a.b.c.d', 'x.', 'a.b.c.dot-', 'a.b.c.é;ö',
    ],
  },
  ipv4: { valid: ['127.0.0.1', '192.168.1.1', '192.168.1.01'], invalid: ['198.168.254.2.2'] },
  ipv6: { valid: ['::1', '::2', '2001:db8::68', '::ffff:192.0.2.1'], invalid: ['127.0.0.1', '1:2:3:4:5:6:7:8:9', '2001:db8::68::1'] },
  cidr: { valid: ['192.0.2.1/24', '192.0.02.1/24', '2001:db8:a0b:12f0::1/32'], invalid: ['198.168.254.2', '2001:db8:a0b:12f0::1', '10.0.0.0/33'] },
  mac: { valid: ['01:02:03:04:05:06', '01-23-45-67-89-ab', '0123.4567.89ab', '01:23:45:67:89:ab:cd:ef'], invalid: ['01:02:03:04:05'] },
  uuid: { valid: ['f81d4fae-7dec-11d0-a765-00a0c91e6bf6', 'F81D4FAE7DEC11D0A76500A0C91E6BF6'], invalid: ['not-a-uuid'] },
  // Version 3, 4 and 5 samples: the examples of Python's uuid module documentation (uuid3/uuid5 of python.org).
  uuid3: { valid: ['6fa459ea-ee8a-3ca4-894e-db77e160355e'], invalid: ['not-a-uuid', '6fa459ea-ee8a-4ca4-894e-db77e160355e'] },
  uuid4: { valid: ['16fd2706-8baf-433b-82eb-8c7fada847da'], invalid: ['not-a-uuid', '16fd2706-8baf-433b-72eb-8c7fada847da'] },
  uuid5: { valid: ['886313e1-3b8a-5372-9b90-0c9aee199e5d'], invalid: ['not-a-uuid'] },
  isbn: { valid: ['0321751043', '978-0321751041'], invalid: ['836217463'] },
  isbn10: { valid: ['0321751043'], invalid: ['836217463'] },
  isbn13: { valid: ['978-0321751041'], invalid: ['978-0321751042'] },
  hexcolor: { valid: ['#FFFFFF', '#000000', 'fff'], invalid: ['#fffffffz'] },
  rgbcolor: { valid: ['rgb(255,255,255)', 'rgb(0,0,0)'], invalid: ['rgb(300,0,0)'] },
  ssn: { valid: ['111-11-1111', '999 99 9999'], invalid: ['999 99 999'] },
  creditcard: { valid: ['4111-1111-1111-1111', '4012-8888-8888-1881'], invalid: ['9999-9999-9999-999'] },
  password: { valid: ['super secret!!!', 'even more secret'], invalid: [] },
  // base64.URLEncoding of TestFormatBase64's text contains no `-` or `_`, so it is standard base64 too.
  byte: { valid: [Buffer.from('This is a byte array with unprintable chars, but it also isn').toString('base64')], invalid: ['ZWxpemFiZXRocG9zZXk', ''] },
  date: { valid: ['2017-12-22', '2000-02-29'], invalid: ['2017-1-1', '2017-02-29', '2017-13-22', '2017-12-32', '20171-12-32', '20-17-2017'] },
  duration: {
    valid: ['1ns', '1us', '1µs', '1ms', '1s', '1m', '1h', '1hr', '1d', '1w', '1wk', '1nanoseconds', '1micros', '1millis', '1second', '1minute', '1day', '1week', '1  ns', '1  wk', '1h30m', '-1.5h'],
    invalid: ['45 wekk', '45 weeekks', ''],
  },
  // time.go IsDateTime; the samples are RFC 3339 section 5.8's examples.
  datetime: { valid: ['1985-04-12T23:20:50.52Z', '1996-12-19T16:39:57-08:00', '2014-12-15t19:30:20z'], invalid: ['yada', '2014-12-15T08:00:00', '2014-12-15T24:00:00Z', '2014-12-15'] },
  k8sshortname: { valid: ['a', 'a-1', 'a--1--2--b', '0', '1a', 'a'.repeat(63)], invalid: ['', 'A', 'aBc', '-a', 'a_b', 'a.b', 'a b', 'a'.repeat(64), 'a-'] },
  k8slongname: { valid: ['a', 'a.a', 'a--1--2--b.1', '0.1', 'a.b.c.d.e', 'a'.repeat(253)], invalid: ['', 'A', 'a..b', '.a', 'a.', 'a b', 'a_b'] },
  bsonobjectid: { valid: ['507f1f77bcf86cd799439011'], invalid: ['507f1f77bcf86cd79943901', 'zzzf1f77bcf86cd799439011'] },
};

describe('CRD formats agree with kube-openapi strfmt samples', () => {
  for (const [name, { valid, invalid }] of Object.entries(cases)) {
    it(name, () => {
      expect(valid.filter((s) => !validFormat(name, s))).toEqual([]);
      expect(invalid.filter((s) => validFormat(name, s))).toEqual([]);
    });
  }
});

describe('which formats are checked (formats.go StripUnsupportedFormatsPostProcessorForVersion)', () => {
  it('normalizes names by removing dashes and ignores unknown formats', () => {
    const v136 = { major: 1, minor: 36 };
    expect(checkedFormat('date-time', 'string', v136)).toBe('datetime');
    expect(checkedFormat('int-or-string', undefined, v136)).toBeUndefined();
    expect(checkedFormat('my-own', 'string', v136)).toBeUndefined();
    // A format on a non-string schema is never checked as a string format.
    expect(checkedFormat('uuid', 'integer', v136)).toBeUndefined();
  });

  it('checks k8s-short-name and k8s-long-name from Kubernetes 1.34 only', () => {
    expect(checkedFormat('k8s-short-name', 'string', { major: 1, minor: 33 })).toBeUndefined();
    expect(checkedFormat('k8s-short-name', 'string', { major: 1, minor: 34 })).toBe('k8sshortname');
  });
});

const CRD = crdYaml(
  `            type: object
            properties:
              id: {type: string, format: uuid}
              when: {type: string, format: date-time}
              addresses: {type: array, items: {type: string, format: ipv4}}
              custom: {type: string, format: my-own-format}
              name: {type: string, format: k8s-short-name}`,
  { kind: 'Gadget', plural: 'gadgets' },
);

describe('format errors in a custom resource', () => {
  it('prints kube-openapi\'s "in body must be of type" text at the field (validate.FormatOf, errors.InvalidType)', () => {
    const cr = `---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: g, namespace: default}
spec:
  id: not-a-uuid
  when: '2024-02-30T10:00:00Z'
  addresses: [10.0.0.1, 10.0.0.300]
  custom: anything goes
  name: Not_A_Name
`;
    // The CRD has 23 lines: `---` is line 24, `spec:` line 28; a mapping value is located at its key, a list item at itself.
    expect(check(CRD + cr)).toEqual([
      '29:3 error schema-invalid spec.id: Invalid value: "not-a-uuid": spec.id in body must be of type uuid: "not-a-uuid"',
      '30:3 error schema-invalid spec.when: Invalid value: "2024-02-30T10:00:00Z": spec.when in body must be of type date-time: "2024-02-30T10:00:00Z"',
      '31:25 error schema-invalid spec.addresses[1]: Invalid value: "10.0.0.300": spec.addresses[1] in body must be of type ipv4: "10.0.0.300"',
      '33:3 error schema-invalid spec.name: Invalid value: "Not_A_Name": spec.name in body must be of type k8s-short-name: "Not_A_Name"',
    ]);
  });

  it('does not check k8s-short-name for a target older than 1.34', () => {
    const cr = `---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: g, namespace: default}
spec: {name: Not_A_Name}
`;
    expect(check(CRD + cr, { kubeVersion: '1.33' })).toEqual([]);
  });
});
