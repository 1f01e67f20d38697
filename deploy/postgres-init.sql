-- Runs once, on the first start of an empty data volume, as POSTGRES_USER (who becomes the owner).
-- One database per service: the services share no tables.
CREATE DATABASE submission;
CREATE DATABASE review;
CREATE DATABASE notification;
