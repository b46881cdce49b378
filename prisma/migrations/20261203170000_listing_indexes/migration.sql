-- The listing's order with the state it filters on, so a deep page is read from the index alone, and each tag's
-- entries straight from an index, so a tag filter intersects lists instead of testing every entry (see
-- docs/bench.md, library search).

-- DropIndex
DROP INDEX "Link_createdAt_idx";

-- DropIndex
DROP INDEX "LinkTag_tagId_idx";

-- CreateIndex
CREATE INDEX "Link_createdAt_id_state_idx" ON "Link"("createdAt", "id", "state");

-- CreateIndex
CREATE INDEX "LinkTag_tagId_linkId_idx" ON "LinkTag"("tagId", "linkId");
