-- The read side of the mix: a key lookup and four lookups by a foreign key / provider id, the queries the seed's
-- service runs most. Without the secondary indexes the foreign-key lookups scan their tables.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local paths = {
  function() return "/campaigns/" .. math.random(campaigns) end,                          -- primary key
  function() return "/clients/" .. math.random(clients) .. "/campaigns" end,              -- campaigns.client_id
  function() return "/campaigns/" .. math.random(campaigns) .. "/contents" end,           -- contents.campaign_id
  function() return "/contents/" .. math.random(contents) .. "/audio-generations" end,    -- audio_generations.content_id
  function() return "/audio-generations?taskId=seed-task-" .. math.random(contents) end,  -- unique task_id (indexed in both runs)
}

function request()
  return wrk.format("GET", paths[math.random(#paths)]())
end
