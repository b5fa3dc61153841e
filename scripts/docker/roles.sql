-- The ledger database's two roles, made when the Docker volume is first initialised: the owner applies the schema
-- (db-apply), the runtime role is what the service runs as (README, "History the database will not rewrite").
create role ledger_owner login password 'ledger_owner';
create role ledger_runtime login password 'ledger_runtime';
create database ledger owner ledger_owner;
