import type { EnterprisePersonNew } from '../../contract/generated/models.ts';
import { invalidParam } from './customers.errors.ts';
import { checkOneOf, checkText } from './field-rules.ts';

/** Field rules shared by the real-name operations. */

export const CERTIFICATE_TYPES = [0, 1, 2, 3, 4, 99] as const;
export const MAX_FILES = 4;

export function checkFileUrls(urls: readonly string[], min: number, max: number, why: string): void {
  if (urls.length < min || urls.length > max) {
    throw invalidParam('verified_file_url', `must list ${min === max ? min : `${min}-${max}`} files (${why})`);
  }
  urls.forEach((u, i) => checkText(`verified_file_url[${i}]`, u, { required: true, max: 1024 }));
}

/** An organisation's name: not only digits, special characters and spaces. */
export function checkCorpName(name: string): void {
  checkText('corp_name', name, { required: true, max: 255 });
  if (!/\p{L}/u.test(name)) throw invalidParam('corp_name', 'must not consist only of digits, special characters and spaces');
}

export interface EnterpriseFields {
  customer_id: string;
  identify_type: number;
  certificate_type?: number | null;
  verified_file_url: string[];
  corp_name: string;
  verified_number: string;
  reg_country?: string | null;
  reg_address?: string | null;
  xaccount_type: string;
  enterprise_person?: EnterprisePersonNew | null;
}

/**
 * Enterprise applications (new or change): unit certificate only (identify_type 1); files are the
 * certificate (one or two sides), then the legal person's ID card (portrait, emblem) when
 * enterprise_person is given.
 */
export function checkEnterpriseFields(req: EnterpriseFields): { details: Record<string, unknown> } {
  checkText('customer_id', req.customer_id, { required: true, max: 64 });
  checkOneOf('identify_type', req.identify_type, [1]);
  if (req.certificate_type !== undefined && req.certificate_type !== null) checkOneOf('certificate_type', req.certificate_type, CERTIFICATE_TYPES);
  checkCorpName(req.corp_name);
  checkText('verified_number', req.verified_number, { required: true, max: 32 });
  if (req.reg_country !== undefined && req.reg_country !== null && req.reg_country !== '' && !/^[A-Z]{2}$/.test(req.reg_country)) {
    throw invalidParam('reg_country', 'must be a two-letter country code such as CN');
  }
  checkText('reg_address', req.reg_address, { max: 512 });
  checkText('xaccount_type', req.xaccount_type, { required: true, max: 64 });
  const person = req.enterprise_person ?? null;
  if (person) {
    checkText('enterprise_person.legel_name', person.legel_name, { required: true, max: 255 });
    checkText('enterprise_person.legel_id_number', person.legel_id_number, { required: true, max: 32 });
    if (person.certifier_role !== undefined && person.certifier_role !== null) checkOneOf('enterprise_person.certifier_role', person.certifier_role, ['legalPerson']);
  }
  checkFileUrls(req.verified_file_url, person ? 3 : 1, person ? MAX_FILES : 2, person ? 'the certificate, then the ID card portrait and emblem sides' : 'the certificate');
  return {
    details: {
      ...(req.reg_country ? { reg_country: req.reg_country } : {}),
      ...(req.reg_address ? { reg_address: req.reg_address } : {}),
      ...(person ? { enterprise_person: { legel_name: person.legel_name, legel_id_number: person.legel_id_number, certifier_role: person.certifier_role ?? 'legalPerson' } } : {}),
    },
  };
}
