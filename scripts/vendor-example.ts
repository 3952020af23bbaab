import type { OpenAPIV3_1 } from 'openapi-types';
import type { SpecDocument } from '../src/openapi/load-spec.js';

/** Where `npm run generate` writes the vendor's example response, for code and tests that read it as a file. */
export const VENDOR_EXAMPLE_FILE = 'fixtures/vendor-example-response.json';

/**
 * The spec's `VendorExampleResponse` example as the JSON file beside it: the spec carries the example inline (a copy
 * of the spec in another folder has nothing to resolve), and the file is derived from it, never edited by hand.
 */
export function vendorExampleJson(doc: SpecDocument): string {
  const example = doc.components.examples?.['VendorExampleResponse'] as OpenAPIV3_1.ExampleObject | undefined;
  if (example?.value === undefined) throw new Error('The spec has no components.examples.VendorExampleResponse with a value.');
  return `${JSON.stringify(example.value, null, 2)}\n`;
}
