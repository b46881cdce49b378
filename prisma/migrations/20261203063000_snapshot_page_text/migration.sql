-- The visible text of a captured page beside the article text (see Snapshot.pageText in schema.prisma).
ALTER TABLE "Snapshot" ADD COLUMN "pageText" TEXT;
