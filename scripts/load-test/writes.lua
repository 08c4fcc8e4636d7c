-- The write side of the mix: new contents, new audio generations (the TTS callback flow) and status changes,
-- each one BEGIN IMMEDIATE transaction on the server.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local counter = 0
local json = { ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  local pick = math.random(3)
  if pick == 1 then
    return wrk.format("POST", "/campaigns/" .. math.random(campaigns) .. "/contents", json,
      '{"title":"Load test script ' .. counter .. '","body":"Spring sale on air this week only, call now"}')
  elseif pick == 2 then
    return wrk.format("POST", "/contents/" .. math.random(contents) .. "/audio-generations", json,
      '{"taskId":"' .. tag .. '-' .. math.random(1e9) .. '-' .. counter .. '","voice":"alloy"}')
  else
    local states = { "Draft", "Active", "Paused", "Finished" }
    return wrk.format("PUT", "/campaigns/" .. math.random(campaigns) .. "/status", json,
      '{"status":"' .. states[math.random(4)] .. '"}')
  end
end
