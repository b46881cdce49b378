-- PostgreSQL only (SQLite is one machine with one clock): a Job row's times come from the database server, not from
-- the clock of whichever machine wrote it. The web tier polls live progress by updatedAt with a cursor in the
-- database's time (lib/library/progress.ts), so a worker whose clock is behind would otherwise write updates the
-- poll has already passed. A job inserted as due now by its writer's clock (runAt no later than the createdAt Prisma
-- fills from the same clock) is due now by the database's; a later runAt (a scheduled capture) is kept as given.
-- Hand-written: `prisma migrate diff` knows no triggers, and prisma/postgresql.test.ts compares tables, constraints
-- and indexes only.
CREATE FUNCTION "kura_job_database_time"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."updatedAt" := clock_timestamp() AT TIME ZONE 'UTC';
  IF TG_OP = 'INSERT' THEN
    IF NEW."runAt" <= NEW."createdAt" THEN
      NEW."runAt" := NEW."updatedAt";
    END IF;
    NEW."createdAt" := NEW."updatedAt";
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Job_database_time" BEFORE INSERT OR UPDATE ON "Job" FOR EACH ROW EXECUTE FUNCTION "kura_job_database_time"();
