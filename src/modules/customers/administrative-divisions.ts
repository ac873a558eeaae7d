import { areaList } from '@vant/area-data';

/**
 * China's administrative divisions from @vant/area-data (MIT, maintained with the Vant UI
 * library): provinces, prefecture-level cities and county-level divisions with 6-digit GB/T 2260
 * style codes (a province is XX0000, a city XXYY00, a county XXYYZZ); Hong Kong, Macau and Taiwan
 * included. Names are Chinese only, as Huawei's own answers are (X-Language is reserved there).
 */
export interface Division {
  code: string;
  name: string;
}

const sorted = (table: Record<string, string>): Division[] =>
  Object.entries(table)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.code.localeCompare(b.code));

let cache: { provinces: Division[]; cities: Division[]; counties: Division[] } | undefined;

function divisions() {
  cache ??= { provinces: sorted(areaList.province_list), cities: sorted(areaList.city_list), counties: sorted(areaList.county_list) };
  return cache;
}

export const provinces = (): Division[] => divisions().provinces;

/** The cities of a province (by its 6-digit code); none for a code that is not a province. */
export function citiesOf(provinceCode: string): Division[] {
  if (!/^\d{2}0000$/.test(provinceCode)) return [];
  return divisions().cities.filter((c) => c.code.startsWith(provinceCode.slice(0, 2)));
}

/** The county-level divisions of a city (by its 6-digit code); none for a code that is not a city. */
export function countiesOf(cityCode: string): Division[] {
  if (!/^\d{4}00$/.test(cityCode) || cityCode.endsWith('0000')) return [];
  return divisions().counties.filter((c) => c.code.startsWith(cityCode.slice(0, 4)));
}

/** The name of a province, city or county by its code; null for a code the data set does not have. */
export function divisionName(code: string): string | null {
  return areaList.province_list[code] ?? areaList.city_list[code] ?? areaList.county_list[code] ?? null;
}
