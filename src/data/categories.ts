import { readFileSync } from 'node:fs';

export interface CreatorCategoryEntry {
  readonly id: number;
  readonly name: string;
  /** Product L1 categories creators of this kind mostly sell in. */
  readonly productL1Ids: readonly number[];
}

export interface ProductCategoryL3 {
  readonly id: number;
  readonly name: string;
  readonly l2Id: number;
  readonly l1Id: number;
}

export interface CategoryCatalogue {
  readonly creatorCategories: readonly CreatorCategoryEntry[];
  readonly l3: readonly ProductCategoryL3[];
}

interface RawNode<Child = never> {
  id: number;
  name: string;
  children: Child[];
}

interface RawCatalogue {
  creator_categories: { id: number; name: string; product_l1_ids: number[] }[];
  product_categories: RawNode<RawNode<Omit<RawNode, 'children'>>>[];
}

/** The category catalogue in fixtures/categories.json, as a three-level product tree flattened to its leaves. */
export function loadCategories(path = new URL('../../fixtures/categories.json', import.meta.url)): CategoryCatalogue {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as RawCatalogue;
  const l3: ProductCategoryL3[] = [];
  for (const l1 of raw.product_categories) {
    for (const l2 of l1.children) {
      for (const leaf of l2.children) l3.push({ id: leaf.id, name: leaf.name, l2Id: l2.id, l1Id: l1.id });
    }
  }
  const creatorCategories = raw.creator_categories.map((c) => ({ id: c.id, name: c.name, productL1Ids: c.product_l1_ids }));
  for (const category of creatorCategories) {
    for (const l1 of category.productL1Ids) {
      if (!l3.some((leaf) => leaf.l1Id === l1)) {
        throw new Error(
          `fixtures/categories.json: creator category ${category.id} points at product L1 ${l1}, which has no L3 categories.`,
        );
      }
    }
  }
  return { creatorCategories, l3 };
}
