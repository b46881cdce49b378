-- The same indexes as prisma/migrations/20261203170000_listing_indexes: the listing's order with the state it
-- filters on (a deep page from the index alone) and each tag's entries straight from an index.

-- DropIndex
DROP INDEX "Link_createdAt_idx";

-- DropIndex
DROP INDEX "LinkTag_tagId_idx";

-- CreateIndex
CREATE INDEX "Link_createdAt_id_state_idx" ON "Link"("createdAt", "id", "state");

-- CreateIndex
CREATE INDEX "LinkTag_tagId_linkId_idx" ON "LinkTag"("tagId", "linkId");
