import { runUnitPart } from '../helpers/unit-parts.js';

runUnitPart(3);
