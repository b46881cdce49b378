-- Link.schemeGuessed: https was assumed for a scheme-less paste. A plain ADD COLUMN (rather than the table
-- rebuild `migrate diff` writes) keeps the rows, indexes and the search triggers on Link in place.
ALTER TABLE "Link" ADD COLUMN "schemeGuessed" BOOLEAN NOT NULL DEFAULT false;
