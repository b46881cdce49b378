-- AlterTable
ALTER TABLE "Tag" ADD COLUMN "color" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Link" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "url" TEXT NOT NULL,
    "title" TEXT,
    "description" TEXT,
    "siteName" TEXT,
    "language" TEXT,
    "faviconPath" TEXT,
    "origin" TEXT NOT NULL DEFAULT 'web',
    "recaptureEveryHours" INTEGER,
    "nextCaptureAt" DATETIME,
    "customTitle" TEXT,
    "customDescription" TEXT,
    "note" TEXT,
    "favourite" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'unread',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Link" ("createdAt", "description", "faviconPath", "id", "language", "nextCaptureAt", "origin", "recaptureEveryHours", "siteName", "title", "updatedAt", "url") SELECT "createdAt", "description", "faviconPath", "id", "language", "nextCaptureAt", "origin", "recaptureEveryHours", "siteName", "title", "updatedAt", "url" FROM "Link";
DROP TABLE "Link";
ALTER TABLE "new_Link" RENAME TO "Link";
CREATE UNIQUE INDEX "Link_url_key" ON "Link"("url");
CREATE INDEX "Link_createdAt_idx" ON "Link"("createdAt");
CREATE INDEX "Link_state_idx" ON "Link"("state");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

