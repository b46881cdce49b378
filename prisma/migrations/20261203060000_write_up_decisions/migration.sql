-- A person's word on whether two entries are the same write-up (see WriteUpDecision in schema.prisma).
CREATE TABLE "WriteUpDecision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "firstId" INTEGER NOT NULL,
    "secondId" INTEGER NOT NULL,
    "together" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WriteUpDecision_firstId_fkey" FOREIGN KEY ("firstId") REFERENCES "Link" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WriteUpDecision_secondId_fkey" FOREIGN KEY ("secondId") REFERENCES "Link" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "WriteUpDecision_secondId_idx" ON "WriteUpDecision"("secondId");
CREATE UNIQUE INDEX "WriteUpDecision_firstId_secondId_key" ON "WriteUpDecision"("firstId", "secondId");
