-- The blobs a split snapshot's HTML is read with (issue 14): its large inline resources, each stored once however
-- many pages inline it; one row per distinct part, so the sweep keeps them while a snapshot needs them.

-- CreateTable
CREATE TABLE "SnapshotPart" (
    "snapshotId" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,

    PRIMARY KEY ("snapshotId", "path"),
    CONSTRAINT "SnapshotPart_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SnapshotPart_path_idx" ON "SnapshotPart"("path");
