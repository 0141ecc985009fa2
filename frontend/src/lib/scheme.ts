/**
 * The joint scheme: joints in table order, row groups, grade kinds and ranges, sides. Generated
 * from rasharp.scheme into src/api/scheme.ts by `npm run generate-client`.
 */
export * from "@/api/scheme";
