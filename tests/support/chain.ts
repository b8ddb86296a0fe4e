/** The chain builder the conformance tester uses, under the name the tests know it by. */
export { ChainBuilder as TestChain, keyFromSeed, type RecordSpec } from '../../src/sync/chain-builder.js';
