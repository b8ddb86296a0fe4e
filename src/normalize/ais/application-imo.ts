import { dayTime, flag, lat3, lon3, sScaled, u, uScaled, type AppLayout } from './application-fields.js';

/*
 * IMO application messages (DAC 1): SN.1/Circ.236 and SN.1/Circ.289, in gpsd's field names and
 * scaled units (degrees, knots, degrees Celsius, hPa, metres, nautical miles, per mille).
 * Bit positions count from the start of the message (a type 8 payload starts at bit 56).
 */

/** Meteorological and hydrographic data, SN.1/Circ.236 (the older message, still broadcast). */
const METEO_236: AppLayout = {
  type: 8,
  dacs: [1],
  fid: 11,
  name: 'meteorological and hydrographic data (IMO 236)',
  fields: [
    ['lat', lat3(56, 24)],
    ['lon', lon3(80, 25)],
    ['timestamp', dayTime(105)],
    ['wspeed', u(121, 7, 127)],
    ['wgust', u(128, 7, 127)],
    ['wdir', u(135, 9, 511)],
    ['wgustdir', u(144, 9, 511)],
    ['airtemp', uScaled(153, 11, 0.1, -60, 2047)],
    ['humidity', u(164, 7, 127)],
    ['dewpoint', uScaled(171, 10, 0.1, -20, 1023)],
    ['pressure', uScaled(181, 9, 1, 800, 511)],
    ['pressuretend', u(190, 2, 3)],
    ['visibility', uScaled(192, 8, 0.1, 0, 255)],
    ['waterlevel', uScaled(200, 9, 0.1, -10, 511)],
    ['leveltrend', u(209, 2, 3)],
    ['cspeed', uScaled(211, 8, 0.1, 0, 255)],
    ['cdir', u(219, 9, 511)],
    ['cspeed2', uScaled(228, 8, 0.1, 0, 255)],
    ['cdir2', u(236, 9, 511)],
    ['cdepth2', u(245, 5, 31)],
    ['cspeed3', uScaled(250, 8, 0.1, 0, 255)],
    ['cdir3', u(258, 9, 511)],
    ['cdepth3', u(267, 5, 31)],
    ['waveheight', uScaled(272, 8, 0.1, 0, 255)],
    ['waveperiod', u(280, 6, 63)],
    ['wavedir', u(286, 9, 511)],
    ['swellheight', uScaled(295, 8, 0.1, 0, 255)],
    ['swellperiod', u(303, 6, 63)],
    ['swelldir', u(309, 9, 511)],
    ['seastate', u(318, 4, 15)],
    ['watertemp', uScaled(322, 10, 0.1, -10, 1023)],
    ['preciptype', u(332, 3, 7)],
    ['salinity', uScaled(335, 9, 0.1, 0, 511)],
    ['ice', u(344, 2, 3)],
  ],
};

/** Meteorological and hydrographic data, SN.1/Circ.289 (signed temperatures, finer water level). */
const METEO_289: AppLayout = {
  type: 8,
  dacs: [1],
  fid: 31,
  name: 'meteorological and hydrographic data (IMO 289)',
  fields: [
    ['lon', lon3(56, 25)],
    ['lat', lat3(81, 24)],
    ['accuracy', flag(105)],
    ['timestamp', dayTime(106)],
    ['wspeed', u(122, 7, 127)],
    ['wgust', u(129, 7, 127)],
    ['wdir', u(136, 9, 360)],
    ['wgustdir', u(145, 9, 360)],
    ['airtemp', sScaled(154, 11, 0.1, -1024)],
    ['humidity', u(165, 7, 101)],
    ['dewpoint', sScaled(172, 10, 0.1, 501)],
    ['pressure', uScaled(182, 9, 1, 799, 511)],
    ['pressuretend', u(191, 2, 3)],
    ['visgreater', flag(193)],
    ['visibility', uScaled(194, 7, 0.1, 0, 127)],
    ['waterlevel', uScaled(201, 12, 0.01, -10, 4001)],
    ['leveltrend', u(213, 2, 3)],
    ['cspeed', uScaled(215, 8, 0.1, 0, 255)],
    ['cdir', u(223, 9, 360)],
    ['cspeed2', uScaled(232, 8, 0.1, 0, 255)],
    ['cdir2', u(240, 9, 360)],
    ['cdepth2', u(249, 5, 31)],
    ['cspeed3', uScaled(254, 8, 0.1, 0, 255)],
    ['cdir3', u(262, 9, 360)],
    ['cdepth3', u(271, 5, 31)],
    ['waveheight', uScaled(276, 8, 0.1, 0, 255)],
    ['waveperiod', u(284, 6, 63)],
    ['wavedir', u(290, 9, 360)],
    ['swellheight', uScaled(299, 8, 0.1, 0, 255)],
    ['swellperiod', u(307, 6, 63)],
    ['swelldir', u(313, 9, 360)],
    ['seastate', u(322, 4, 13)],
    ['watertemp', sScaled(326, 10, 0.1, 501)],
    ['preciptype', u(336, 3, 7)],
    ['salinity', uScaled(339, 9, 0.1, 0, 510)],
    ['ice', u(348, 2, 3)],
  ],
};

export const IMO_LAYOUTS: readonly AppLayout[] = [METEO_236, METEO_289];
