import type { CustomerAddressesTable } from '../../platform/db/schema.ts';
import { huaweiUtc } from '../../platform/time-format.ts';
import { citiesOf, countiesOf, divisionName, provinces } from './administrative-divisions.ts';
import { invalidParam } from './customers.errors.ts';
import { CHINA_MOBILE_RE, checkText } from './field-rules.ts';

/** At most this many postal addresses per customer. */
export const MAX_ADDRESSES = 10;

/** A postal address as the operator or the customer sends it. */
export interface AddressInput {
  recipient: string;
  mobile_phone: string;
  province_code: string;
  city_code: string;
  county_code?: string | null;
  detail_address: string;
  postal_code?: string | null;
  /** true makes this the default address (the first address always is). */
  is_default?: boolean;
}

export type AddressFields = Pick<CustomerAddressesTable, 'recipient' | 'mobile_phone' | 'province_code' | 'city_code' | 'county_code' | 'detail_address' | 'postal_code'>;

/**
 * Checks an address against the field rules and the divisions data list_provinces, list_cities and
 * list_counties answer from: the city must be one of the province's, the county one of the city's
 * (required whenever the city has county-level divisions). Errors are CBC.0100 naming the field.
 */
export function checkAddress(a: AddressInput): AddressFields {
  checkText('recipient', a.recipient, { required: true, max: 64 });
  checkText('mobile_phone', a.mobile_phone, { required: true, max: 32 });
  if (!CHINA_MOBILE_RE.test(a.mobile_phone)) throw invalidParam('mobile_phone', 'must be a mainland China mobile number (11 digits, starting with 1)');
  if (!provinces().some((p) => p.code === a.province_code)) throw invalidParam('province_code', 'is not a province code (list_provinces)');
  if (!citiesOf(a.province_code).some((c) => c.code === a.city_code)) throw invalidParam('city_code', 'is not a city of the province (list_cities)');
  const counties = countiesOf(a.city_code);
  const county = a.county_code ?? null;
  if (county === null && counties.length > 0) throw invalidParam('county_code', 'is required: the city has county-level divisions (list_counties)');
  if (county !== null && !counties.some((c) => c.code === county)) throw invalidParam('county_code', 'is not a county of the city (list_counties)');
  checkText('detail_address', a.detail_address, { required: true, max: 255 });
  if (a.detail_address.trim() === '') throw invalidParam('detail_address', 'must not be blank');
  const postal = a.postal_code ?? null;
  if (postal !== null && !/^\d{6}$/.test(postal)) throw invalidParam('postal_code', 'must be 6 digits');
  return {
    recipient: a.recipient,
    mobile_phone: a.mobile_phone,
    province_code: a.province_code,
    city_code: a.city_code,
    county_code: county,
    detail_address: a.detail_address,
    postal_code: postal,
  };
}

export function addressView(r: CustomerAddressesTable) {
  return {
    id: r.id,
    customer_id: r.customer_id,
    recipient: r.recipient,
    mobile_phone: r.mobile_phone,
    province_code: r.province_code,
    province_name: divisionName(r.province_code) ?? '',
    city_code: r.city_code,
    city_name: divisionName(r.city_code) ?? '',
    county_code: r.county_code,
    county_name: r.county_code ? (divisionName(r.county_code) ?? '') : null,
    detail_address: r.detail_address,
    postal_code: r.postal_code,
    is_default: r.is_default === 1,
    created_at: huaweiUtc(r.created_at),
    updated_at: huaweiUtc(r.updated_at),
  };
}

export type AddressView = ReturnType<typeof addressView>;
